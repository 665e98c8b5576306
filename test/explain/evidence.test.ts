import { chmodSync, copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fixture } from '../darwin/fixture-path.js';
import { makeFakePython } from '../helpers/fake-python.js';
import { makeSandbox, runShim, type Sandbox } from '../helpers/sandbox.js';
import { makeGuardSandbox, RUN_MANAGED } from '../guard/guard-sandbox.js';
import { NVIM_INVALID_PAGE, ndjsonLine, PYTHON_KERNEL_LINES, taskgatedReport } from './data/ips-samples.js';
import { explanationOf, normalise, pythonPlaceholders } from './normalise.js';

// Until the exec gate models the kernel, the program uv runs plays its part
// in these tests: it writes the crash report macOS would write for it (the
// real report's shape, with its own pid, path and time) and the kernel line
// the `log` double replays, then dies of SIGKILL, as a process killed by
// code-signing enforcement does. The shim finds all of it on its own.
const KERNEL_STAND_IN = String.raw`
import json, os, signal, sys, time
home, kind, named = sys.argv[1], sys.argv[2], sys.argv[3]
now = time.time()
stamp = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(now)) + ('.%04d ' % int((now % 1) * 10000)) + time.strftime('%z', time.localtime(now))
pid = os.getpid()
exe = os.path.realpath(sys.executable)
if kind != 'none':
    template = json.loads(os.environ['REPORT_TEMPLATE'])
    header, body = template['header'], template['body']
    body.update(captureTime=stamp, pid=pid, procName=os.path.basename(exe), procPath=exe, parentProc='uv')
    reports = os.path.join(home, 'Library', 'Logs', 'DiagnosticReports')
    os.makedirs(reports, exist_ok=True)
    with open(os.path.join(reports, '%s-%s.ips' % (os.path.basename(exe), time.strftime('%Y-%m-%d-%H%M%S'))), 'w') as f:
        f.write(json.dumps(header) + '\n' + json.dumps(body, indent=2))
    with open(os.environ['LOG_LINES'], 'w') as f:
        for line in json.loads(os.environ['KERNEL_LINES']):
            f.write(json.dumps(dict(json.loads(os.environ['NDJSON_SHAPE']), timestamp=stamp, eventMessage=line.replace('38578', str(pid)).replace('NAMED', named))) + '\n')
os.kill(pid, signal.SIGKILL)
`;

// The `log` double: replays what the kernel stand-in left, in the shape
// `log show --style ndjson` prints; or fails as `log` does without access
// to the log store. It records its arguments for the test to check.
function logDouble(sb: Sandbox, mode: 'replay' | 'no-store'): { tool: string; lines: string; calls: string } {
  const lines = join(sb.root, 'kernel-lines.ndjson');
  const calls = join(sb.root, 'log-calls');
  const tool = join(sb.root, 'log');
  const body =
    mode === 'replay'
      ? `cat '${lines}' 2>/dev/null\n`
      : `echo 'log: Could not open local log store: Operation not permitted' >&2\nexit 1\n`;
  writeFileSync(tool, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\n${body}`);
  chmodSync(tool, 0o755);
  return { tool, lines, calls };
}

function reportTemplate(text: string): string {
  const newline = text.indexOf('\n');
  return JSON.stringify({ header: JSON.parse(text.slice(0, newline)), body: JSON.parse(text.slice(newline + 1)) });
}

const NDJSON_SHAPE = ndjsonLine({ eventMessage: '', timestamp: '', processID: 0 });
const KERNEL_LINES = JSON.stringify(PYTHON_KERNEL_LINES.map((l) => l.replace(/in file "[^"]*"/, 'in file "NAMED"')));

interface Killed {
  sb: Sandbox;
  named: string;
  log: ReturnType<typeof logDouble>;
  result: Awaited<ReturnType<typeof runShim>>;
}

// `uv run … python kernel.py`: killed the way `kind` says, naming `named`.
async function killedRun(kind: 'invalid-page' | 'taskgated' | 'none', options: { log?: 'replay' | 'no-store'; json?: boolean } = {}): Promise<Killed> {
  const sb = makeSandbox();
  const script = join(sb.work, 'kernel.py');
  writeFileSync(script, KERNEL_STAND_IN);
  const site = join(sb.work, 'site', 'numpy', '_core');
  mkdirSync(site, { recursive: true });
  // A real Mach-O whose page 1000 no longer matches its hash.
  const named = join(site, '_multiarray_umath.cpython-313-darwin.so');
  copyFileSync(fixture('esbuild-arm64.flip-page-1000'), named);
  const log = logDouble(sb, options.log ?? 'replay');
  const report = kind === 'taskgated'
    ? taskgatedReport({ time: '', pid: 0, procPath: '', procName: '', parentProc: '' })
    : NVIM_INVALID_PAGE;
  const env: NodeJS.ProcessEnv = {
    ...sb.env,
    UV_SHIM_PLATFORM: 'darwin',
    UV_SHIM_LOG_TOOL: log.tool,
    REPORT_TEMPLATE: reportTemplate(report),
    NDJSON_SHAPE,
    KERNEL_LINES: kind === 'invalid-page' ? KERNEL_LINES : '[]',
    LOG_LINES: log.lines,
    ...(options.json ? { UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: join(sb.root, 'explain.json') } : {}),
  };
  const result = await runShim(sb, 'uv', ['run', '--no-project', 'python', script, sb.home, kind, named], { env });
  return { sb, named, log, result };
}

describe('macOS\'s own evidence in the explanation (simulated macOS, the real uv)', () => {
  it('names the file of an invalid page from the crash report and the kernel\'s log line', async () => {
    const { sb, named, log, result } = await killedRun('invalid-page', { json: true });
    expect(result.code).toBe(137);
    const text = normalise(explanationOf(result.stderr), { [sb.root]: '<sandbox>' }).replace(/pid \d+/g, 'pid <pid>').replace(/process \d+/g, 'process <pid>').replace(/python3\.\d+-[\d-]+\.ips/, 'python3.N-<time>.ips').replace(/python3\.\d+/g, 'python3.N')
      // The log line is clipped at a fixed width, and pids and temp paths vary in length.
      .replace(/(in file "[^"]*").*$/m, '$1 …');
    expect(text).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): macOS killed python3.N for an invalid page in _multiarray_umath.cpython-313-darwin.so (Gatekeeper's code-signing enforcement: "Invalid Page").
        macOS:     CODESIGNING code 2, "Invalid Page" for python3.N (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python3.N-<time>.ips
        log:       CODE SIGNING: process <pid>[python3.N]: rejecting invalid page at address 0x105048000 from offset 0x224000 in file "<sandbox>/work/site/numpy/_core/_multiarray_umath.cpython-313-darwin.so" …
        file:      <sandbox>/work/site/numpy/_core/_multiarray_umath.cpython-313-darwin.so
        xattrs:    com.apple.provenance absent, com.apple.quarantine absent
        signature: ad-hoc, TeamIdentifier not set, page hashes INVALID
        tried:     nothing: macOS named it after the run
        fix:       codesign --force --sign - <sandbox>/work/site/numpy/_core/_multiarray_umath.cpython-313-darwin.so
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv python install --reinstall\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
    // The log was asked within bounds, for the kernel's code-signing lines only.
    expect(readFileSync(log.calls, 'utf8')).toMatch(/^show --style ndjson --last \d+s --predicate eventMessage CONTAINS "CODE SIGNING"/);
    const json = JSON.parse(readFileSync(join(sb.root, 'explain.json'), 'utf8'));
    expect(json).toMatchObject({
      schema: 2,
      cause: 'macos-refused',
      evidence: { kind: 'invalid-page', file: named, fileFrom: 'log', report: { namespace: 'CODESIGNING', code: 2, indicator: 'Invalid Page', parentProc: 'uv' } },
      killed: { file: named, signature: { pageHashesValid: false } },
    });
    expect(json.evidence.log.line).toContain(`in file "${named}"`);
    expect(json.evidence.report.path).toMatch(/Library\/Logs\/DiagnosticReports\/python3\.\d+-.*\.ips$/);
  });

  it('says so when the unified log cannot be read, and goes on', async () => {
    const { result } = await killedRun('invalid-page', { log: 'no-store' });
    expect(result.code).toBe(137);
    expect(result.stderr).toContain('"Invalid Page"');
    expect(result.stderr).toContain('log:       not readable (log: Could not open local log store: Operation not permitted)');
    expect(result.stderr).toContain('file:      not named by macOS');
  });

  it('names the executable taskgated refused, from the report alone', async () => {
    const { log, result } = await killedRun('taskgated');
    expect(result.code).toBe(137);
    expect(result.stderr).toMatch(/macOS refused to run python3\.\d+ \(Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature"\)/);
    // The Python `uv run` started: the tests' own, first on the sandbox's PATH.
    expect(result.stderr).toContain(`\n  file:      ${inject('python').executable}\n`);
    expect(result.stderr).toContain('Removing com.apple.provenance alone does not help');
    // The report names the file: the log is not asked.
    expect(() => readFileSync(log.calls)).toThrow();
  });

  it('says the kill came from outside when macOS wrote no crash report', async () => {
    const { sb, result } = await killedRun('none');
    expect(result.code).toBe(137);
    expect(normalise(explanationOf(result.stderr), { [sb.home]: '<home>' })).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): the program it ran was killed by SIGKILL, or exited with 137 itself.
        macOS wrote no crash report for this run in <home>/Library/Logs/DiagnosticReports: not Gatekeeper or code signing.
        If it was killed, the SIGKILL came from outside: a \`kill -9\`, a timeout, or memory pressure."
    `);
  });

  it('does not take a report written before the run for this run\'s', async () => {
    const sb = makeSandbox();
    const reports = join(sb.home, 'Library', 'Logs', 'DiagnosticReports');
    mkdirSync(reports, { recursive: true });
    const old = join(reports, 'python3.11-2026-01-01-000000.ips');
    writeFileSync(old, taskgatedReport({ time: '2026-01-01 00:00:00.0000 +0000', pid: 1, procPath: '/opt/homebrew/bin/python3.11', procName: 'python3.11', parentProc: 'uv' }));
    utimesSync(old, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'], {
      env: { ...sb.env, UV_SHIM_PLATFORM: 'darwin' },
    });
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('macOS wrote no crash report for this run');
  });

  it('never reads a FIFO, a link or an oversized file put where a report goes', async () => {
    const sb = makeSandbox();
    const reports = join(sb.home, 'Library', 'Logs', 'DiagnosticReports');
    mkdirSync(reports, { recursive: true });
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(reports, 'python3.11-fifo.ips')]);
    const { symlinkSync } = await import('node:fs');
    const target = join(sb.root, 'elsewhere.ips');
    writeFileSync(target, taskgatedReport({ time: '2099-01-01 00:00:00.0000 +0000', pid: 1, procPath: '/opt/homebrew/bin/python3.11', procName: 'python3.11', parentProc: 'uv' }));
    symlinkSync(target, join(reports, 'python3.11-link.ips'));
    writeFileSync(join(reports, 'python3.11-huge.ips'), Buffer.alloc(3 * 1024 * 1024, 0x20));
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'], {
      env: { ...sb.env, UV_SHIM_PLATFORM: 'darwin' },
    });
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('macOS wrote no crash report for this run');
  });
});

describe('uv\'s exit 2 off macOS when the guard saw the interpreter killed', () => {
  it('names the interpreter whose probe died of SIGKILL (Linux rules)', async () => {
    const sb = makeGuardSandbox();
    delete sb.env.UV_SHIM_PLATFORM;
    makeFakePython(sb.pythons, { provenance: true });
    const r = await runShim(sb, 'uv', RUN_MANAGED);
    expect(r.code).toBe(2);
    expect(pythonPlaceholders(normalise(explanationOf(r.stderr), { [sb.root]: '<sandbox>' }))).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: the Python it asked is killed by SIGKILL as it starts.
        file:      <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y> (via <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python3)
        The shim's own probe (\`python<X.Y> -I -S -c ''\`) is killed the same way: the system kills it on start with SIGKILL.
        Something on this system kills it on start: a security policy, a memory limit, or a broken install.
        fix:       run it by hand to see; or reinstall it (\`uv python install --reinstall <X.Y.Z>\`)."
    `);
  });

  it('stays silent on an exit 2 of uv\'s own', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', '--python', '/nonexistent/python', 'python', '-c', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('uv-shim:');
  });
});
