import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashReportsDir } from '../gate/paths.js';
import { ensureGateFixtures } from '../gate/macho-fixtures.js';
import { makeFakePython, REAL_PYTHON_MINOR, rejectCurrentIdentity, type FakePython } from '../helpers/fake-python.js';
import { makeSandbox, runReal, runShim } from '../helpers/sandbox.js';
import { DOUBLES_DIR, makeGuardSandbox, RUN_MANAGED, type GuardSandbox } from '../guard/guard-sandbox.js';
import { taskgatedReport } from './data/ips-samples.js';
import { explanationOf, normalise, pythonPlaceholders } from './normalise.js';

// The `log` double (test/doubles/log) behind a wrapper that records each
// call, so a test sees whether the shim asked the unified log, and how.
function loggedLogTool(sb: GuardSandbox): string {
  const calls = join(sb.root, 'log-calls');
  const tool = join(sb.root, 'apple-tools', 'log');
  writeFileSync(tool, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\nexec '${join(DOUBLES_DIR, 'log')}' "$@"\n`);
  chmodSync(tool, 0o755);
  return calls;
}

// Flips one byte of a copy of a real, linker-signed Mach-O bundle (arm64)
// and puts the copy at `file`: a new file whose page 1 no longer matches.
function corruptedBundle(sb: GuardSandbox, file: string): void {
  const copy = join(sb.root, 'corrupted.so');
  copyFileSync(join(ensureGateFixtures(), '_gatedemo.cpython-311-darwin.so'), copy);
  const bytes = readFileSync(copy);
  bytes[20_000]! ^= 0xff;
  writeFileSync(copy, bytes);
  renameSync(copy, file);
}

// The managed interpreter, let run by the gate, kills itself: macOS writes no report.
const SELF_KILL = ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'];

interface Killed {
  sb: GuardSandbox;
  fake: FakePython;
  named: string;
  logCalls: string;
  result: Awaited<ReturnType<typeof runShim>>;
}

// `uv run … python -c …` on the simulated Mac, in a venv of a uv-managed
// interpreter, killed by the exec gate (test/gate/), which writes the crash
// report and the kernel's log lines macOS writes; the shim finds them on
// its own (retry off, so its explanation is the last word):
// - invalid-page: `import _gatedemo`, a real Mach-O extension in
//   site-packages with a page that does not match its hash;
// - taskgated: the interpreter's code is rejected overnight (same file,
//   same stat), behind uv's warm interpreter cache: uv runs it and macOS
//   refuses it at exec;
// - none: the program kills itself; macOS writes nothing.
async function killedRun(kind: 'invalid-page' | 'taskgated' | 'none', options: { log?: 'replay' | 'no-store'; json?: boolean; repair?: 'off' } = {}): Promise<Killed> {
  const sb = makeGuardSandbox();
  const fake = makeFakePython(sb.pythons);
  const logCalls = loggedLogTool(sb);
  sb.env.UV_SHIM_LOG_TOOL = join(sb.root, 'apple-tools', 'log');
  sb.env.UV_SHIM_RETRY = '0';
  if (options.log === 'no-store') sb.env.UV_SHIM_TEST_LOG_STORE_FAIL = '1';
  if (options.repair) sb.env.UV_SHIM_REPAIR = options.repair;
  if (options.json) Object.assign(sb.env, { UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: join(sb.root, 'explain.json') });
  const venv = await runReal(sb, 'uv', ['venv', '--python', fake.executable, '.venv']);
  expect(venv.code, venv.stderr).toBe(0);
  const named = join(sb.work, '.venv', 'lib', `python${REAL_PYTHON_MINOR}`, 'site-packages', `_gatedemo.${fake.darwinTag}.so`);
  const program = { 'invalid-page': 'import _gatedemo', taskgated: 'print("ran")', none: 'import os; os.kill(os.getpid(), 9)' }[kind];
  const args = ['run', '--no-project', 'python', '-c', program];
  if (kind === 'invalid-page') corruptedBundle(sb, named);
  if (kind === 'taskgated') {
    const warm = await runShim(sb, 'uv', args);
    expect(warm.code, warm.stderr).toBe(0);
    rejectCurrentIdentity(fake);
  }
  const result = await runShim(sb, 'uv', args);
  return { sb, fake, named, logCalls, result };
}

describe('macOS\'s own evidence in the explanation (simulated macOS, the real uv)', () => {
  it('names the file of an invalid page from the crash report and the kernel\'s log line', async () => {
    const { sb, named, logCalls, result } = await killedRun('invalid-page', { json: true });
    expect(result.code).toBe(137);
    const text = normalise(explanationOf(result.stderr), { [sb.root]: '<sandbox>' }).replace(/pid \d+/g, 'pid <pid>').replace(/process \d+/g, 'process <pid>').replace(/python3\.\d+-[\d-]+\.ips/, 'python3.N-<time>.ips').replace(/python3\.\d+/g, 'python3.N')
      // The log line is clipped at a fixed width, and pids, temp paths and the faulting address vary.
      .replace(/at address 0x[0-9a-f]+/, 'at address <address>')
      .replace(/(in file "[^"]*").*$/m, '$1 …');
    expect(text).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): macOS killed python3.N for an invalid page in _gatedemo.cpython-311-darwin.so (Gatekeeper's code-signing enforcement: "Invalid Page").
        macOS:     CODESIGNING code 2, "Invalid Page" for python3.N (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python3.N-<time>.ips
        log:       CODE SIGNING: process <pid>[python3.N]: rejecting invalid page at address <address> from offset 0x4000 in file "<sandbox>/work/.venv/lib/python3.N/site-packages/_gatedemo.cpython-311-darwin.so" …
        file:      <sandbox>/work/.venv/lib/python3.N/site-packages/_gatedemo.cpython-311-darwin.so
        xattrs:    com.apple.provenance absent, com.apple.quarantine absent
        signature: ad-hoc, TeamIdentifier not set, page hashes INVALID
        tried:     re-signed it ad hoc: it runs now
        Run your command again."
    `);
    // The log was asked within bounds, for the kernel's code-signing lines only.
    expect(readFileSync(logCalls, 'utf8')).toMatch(/^show --style ndjson --last \d+s --predicate eventMessage CONTAINS "CODE SIGNING"/);
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
    expect(result.stderr).toMatch(/^ {2}log: {7}not readable \(log: Could not open local log store: .*\)$/m);
    expect(result.stderr).toContain('file:      not named by macOS');
  });

  it('names the executable taskgated refused, from the report alone, and does not call stripping provenance a fix', async () => {
    const { sb, fake, logCalls, result } = await killedRun('taskgated', { repair: 'off' });
    expect(result.code).toBe(137);
    expect(result.stderr).toMatch(/macOS refused to run python3\.\d+ \(Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature"\)/);
    // The interpreter the venv's python links to, as the crash report names it.
    expect(result.stderr).toContain(`\n  file:      ${fake.executable} (via ${join(sb.work, '.venv', 'bin', 'python')})\n`);
    expect(result.stderr).toContain('Removing com.apple.provenance alone does not help');
    expect(result.stderr).toContain(`fix:       codesign --force --sign - ${fake.executable}`);
    // The report names the file: the log is not asked.
    expect(() => readFileSync(logCalls)).toThrow();
  });

  it('re-signs the executable taskgated refused when repair is on, and says so', async () => {
    const { fake, result } = await killedRun('taskgated');
    expect(result.code).toBe(137);
    expect(result.stderr).toContain(`repaired ${fake.executable}`);
    expect(result.stderr).toContain('tried:     re-signed it ad hoc: it runs now');
    expect(result.stderr).not.toContain('removed com.apple.provenance');
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
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons);
    const reports = crashReportsDir(sb.home);
    mkdirSync(reports, { recursive: true });
    const old = join(reports, 'python3.11-2026-01-01-000000.ips');
    writeFileSync(old, taskgatedReport({ time: '2026-01-01 00:00:00.0000 +0000', pid: 1, procPath: '/opt/homebrew/bin/python3.11', procName: 'python3.11', parentProc: 'uv' }));
    utimesSync(old, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const r = await runShim(sb, 'uv', SELF_KILL);
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('macOS wrote no crash report for this run');
  });

  it('never reads a FIFO, a link or an oversized file put where a report goes', async () => {
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons);
    const reports = crashReportsDir(sb.home);
    mkdirSync(reports, { recursive: true });
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(reports, 'python3.11-fifo.ips')]);
    const { symlinkSync } = await import('node:fs');
    const target = join(sb.root, 'elsewhere.ips');
    writeFileSync(target, taskgatedReport({ time: '2099-01-01 00:00:00.0000 +0000', pid: 1, procPath: '/opt/homebrew/bin/python3.11', procName: 'python3.11', parentProc: 'uv' }));
    symlinkSync(target, join(reports, 'python3.11-link.ips'));
    writeFileSync(join(reports, 'python3.11-huge.ips'), Buffer.alloc(3 * 1024 * 1024, 0x20));
    const r = await runShim(sb, 'uv', SELF_KILL);
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
