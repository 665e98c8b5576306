import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProvenance, QUARANTINE_XATTR, REAL_PYTHON, xattrNames } from '../helpers/fake-python.js';
import { run } from '../helpers/sandbox.js';
import { DOUBLES_DIR, makeGuardSandbox, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';
import { ruffWheel } from '../native/wheels.js';
import { binfmtSupport, runWithMacExec } from './binfmt.js';
import { crashReportsDir, GATE_DIR, gateStateDir, readCrashReports as crashReports } from './paths.js';

// A real Mach-O executable, executed: ruff 0.8.0 from its macOS arm64 wheel
// on PyPI (linker-signed ad hoc, as every arm64 Rust build is), run by
// processes in a namespace where the kernel hands every Mach-O exec to the
// exec gate (test/gate/binfmt.ts). Skipped, with the reason, where this
// kernel cannot give a process its own binfmt_misc.
const support = binfmtSupport();
const title = support.available ? 'executing a real Mach-O through the exec gate (binfmt_misc)' : `executing a real Mach-O (skipped: ${support.reason})`;

// "<pid> killed|ran <path>" for each exec of a Mach-O the gate decided.
function execs(sb: GuardSandbox): string[] {
  const file = join(gateStateDir(sb.home), 'execs');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

// The system rejects `file`'s code as it is now (its running slice's
// CDHash), with nothing on disk changing.
function rejectCode(sb: GuardSandbox, file: string): void {
  const code = 'import sys; sys.path.insert(0, sys.argv[1]); import gate; d, e, a = gate.running_slice(sys.argv[2], sys.argv[3]); gate.reject(sys.argv[2], e["cdhash"])';
  execFileSync(REAL_PYTHON, ['-I', '-S', '-c', code, GATE_DIR, sb.home, file]);
}

// ruff's executable taken out of the wheel, as a plain file.
function bareRuff(sb: GuardSandbox): string {
  const out = join(sb.root, 'bare');
  execFileSync(REAL_PYTHON, ['-m', 'zipfile', '-e', ruffWheel(), out]);
  const exe = join(out, 'ruff-0.8.0.data', 'scripts', 'ruff');
  chmodSync(exe, 0o755);
  return exe;
}

const tool = (sb: GuardSandbox, name: string, args: string[]) => run(join(DOUBLES_DIR, name), args, { env: sb.env });
// A process of the namespace executes the file (a shell: what a console
// script or `sh -c` does).
const execute = (sb: GuardSandbox, exe: string, args: string[]) => runWithMacExec('/bin/sh', ['-c', 'exec "$0" "$@"', exe, ...args], { env: sb.env, cwd: sb.work });

function sandbox(): GuardSandbox {
  const sb = makeGuardSandbox();
  sb.env.UV_SHIM_ARCH = 'arm64';
  sb.env.UV_TOOL_DIR = join(sb.root, 'tools');
  sb.env.UV_TOOL_BIN_DIR = join(sb.root, 'tool-bin');
  return sb;
}

describe.runIf(support.available)(title, () => {
  it('runs a clean, linker-signed executable, and kills it once it carries provenance (Taskgated Invalid Signature)', async () => {
    const sb = sandbox();
    const exe = bareRuff(sb);
    const ran = await execute(sb, exe, ['check']);
    expect(ran).toMatchObject({ code: 0, signal: null });
    expect(ran.stdout.toString()).toBe('ruff ran on the simulated Mac (arm64 slice, adhoc signature)\n');

    const copy = join(dirname(exe), 'ruff-marked');
    execFileSync('cp', [exe, copy]);
    addProvenance(copy);
    const killed = await execute(sb, copy, ['--version']);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout.length).toBe(0);
    const [report, ...more] = crashReports(sb.home);
    expect(more).toEqual([]);
    expect(report!.file).toMatch(/^ruff-marked-\d{4}-\d\d-\d\d-\d{6}\.ips$/);
    expect(report!.body).toMatchObject({
      // The kernel keeps the pid across binfmt_misc: the process killed is the one started.
      // `unshare` and the shell exec in place, so the parent is this test's process.
      procName: 'ruff-marked', procPath: copy, pid: killed.pid, parentProc: readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim(),
      // The identifier Rust's linker gave it, from its signature.
      codeSigningID: expect.stringMatching(/^ruff-[0-9a-f]{16}$/),
      exception: { type: 'EXC_CRASH', signal: 'SIGKILL (Code Signature Invalid)' },
      termination: { code: 1, namespace: 'CODESIGNING', indicator: 'Taskgated Invalid Signature' },
    });
    expect(execs(sb).map((l) => l.replace(/^\d+ /, ''))).toEqual([`ran ${exe}`, `killed ${copy}`]);
  });

  it('keeps killing it after the attribute is removed; a re-sign (a new CDHash) cures it', async () => {
    const sb = sandbox();
    const exe = bareRuff(sb);
    execFileSync(REAL_PYTHON, ['-c', 'import os, sys; os.setxattr(sys.argv[1], sys.argv[2], b"0081;6740a0c0;Safari;")', exe, QUARANTINE_XATTR]);
    expect((await execute(sb, exe, [])).signal).toBe('SIGKILL');
    expect((await tool(sb, 'xattr', ['-c', exe])).code).toBe(0);
    expect(xattrNames(exe)).toEqual([]);
    expect((await execute(sb, exe, [])).signal).toBe('SIGKILL');
    const inode = statSync(exe).ino;
    expect(await tool(sb, 'codesign', ['--force', '--sign', '-', exe])).toMatchObject({ code: 0, stderr: `${exe}: replacing existing signature\n` });
    expect(statSync(exe).ino).not.toBe(inode);
    expect((await execute(sb, exe, [])).code).toBe(0);
  });

  it('kills at the first bad page (Invalid Page, code 2), naming the executable in the kernel log', async () => {
    const sb = sandbox();
    const exe = bareRuff(sb);
    const bytes = readFileSync(exe);
    bytes[5 * 16384 + 9]! ^= 0xff;
    // A new file (a new inode): the kernel has not seen this one before.
    const bad = join(sb.root, 'ruff');
    writeFileSync(bad, bytes, { mode: 0o755 });
    const killed = await execute(sb, bad, ['--version']);
    expect(killed.signal).toBe('SIGKILL');
    expect(crashReports(sb.home).at(-1)!.body.termination).toMatchObject({ code: 2, namespace: 'CODESIGNING', indicator: 'Invalid Page' });
    const log = readFileSync(join(gateStateDir(sb.home), 'unified-log.ndjson'), 'utf8');
    expect(log).toContain(`from offset 0x14000 in file \\"${bad}\\"`);
  });

  // uv 16726's shape for a wheel's executable: `uvx ruff` dies of SIGKILL and
  // says nothing useful; through the shim the pre-exec check finds the
  // tool environment's bin/ruff and repairs it before uv runs it.
  describe('`uvx ruff --version` with a macOS ruff installed as a uv tool', () => {
    // On a Mac `uvx ruff` needs none of these; here they make the real uv
    // install and reuse ruff's macOS wheel (offline, from the pinned file).
    const MAC = ['--python-platform', 'aarch64-apple-darwin', '--no-index', '--find-links', dirname(ruffWheel())];

    async function installRuff(): Promise<{ sb: GuardSandbox; ruff: string }> {
      const sb = sandbox();
      const r = await run(join(sb.realUvDir, 'uv'), ['tool', 'install', '--python', REAL_PYTHON, ...MAC, 'ruff'], { env: sb.env, cwd: sb.work });
      expect(r.code, r.stderr).toBe(0);
      const ruff = join(sb.env.UV_TOOL_DIR!, 'ruff', 'bin', 'ruff');
      expect(readFileSync(ruff).readUInt32LE(0)).toBe(0xfeedfacf);
      addProvenance(ruff);
      return { sb, ruff };
    }

    it('is killed by the gate without the shim: exit 137, a crash report for bin/ruff, uv as the parent', async () => {
      const { sb, ruff } = await installRuff();
      const r = await runWithMacExec(join(sb.realUvDir, 'uvx'), [...MAC, 'ruff', '--version'], { env: sb.env, cwd: sb.work });
      expect(r.code).toBe(137);
      expect(r.stdout.length).toBe(0);
      expect(crashReports(sb.home).map((c) => [c.body.procPath, c.body.parentProc, c.body.termination.indicator])).toEqual([
        [ruff, 'uv', 'Taskgated Invalid Signature'],
      ]);
    });

    // Issue 12: "Mach-O executables in its bin/ (what `uvx ruff` … runs)",
    // checked before the command: the shim's pre-exec step re-signs
    // bin/ruff, so uv runs a file the gate lets through.
    it('runs through the shim the first time: the pre-exec check re-signs bin/ruff before uv runs it', async () => {
      const { sb, ruff } = await installRuff();
      const r = await runWithMacExec(join(sb.shimBin, 'uvx'), [...MAC, 'ruff', '--version'], { env: sb.env, cwd: sb.work });
      expect(crashReports(sb.home)).toEqual([]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.toString()).toBe('ruff 0.8.0\n');
      expect(toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'))).toHaveLength(1);
      expect(execs(sb)).toEqual([expect.stringMatching(new RegExp(` ran ${ruff}$`))]);
    });

    // The overnight case for a tool: bin/ruff, checked and re-signed by the
    // shim, unchanged on disk, is rejected by the system since (its CDHash).
    // The pre-exec check finds nothing, uv runs it, the gate kills it at exec
    // (nothing of ruff ran: code 1, parent uv); the post-mortem finds the
    // crash report, re-signs bin/ruff and runs the command once more.
    it('is explained, repaired and run once more by the shim when the gate kills it at exec', async () => {
      const { sb, ruff } = await installRuff();
      const first = await runWithMacExec(join(sb.shimBin, 'uvx'), [...MAC, 'ruff', '--version'], { env: sb.env, cwd: sb.work });
      expect(first.code, first.stderr).toBe(0);
      rejectCode(sb, ruff);
      const r = await runWithMacExec(join(sb.shimBin, 'uvx'), [...MAC, 'ruff', '--version'], { env: sb.env, cwd: sb.work });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.toString()).toBe('ruff 0.8.0\n');
      const [report, ...more] = crashReports(sb.home);
      expect(more).toEqual([]);
      expect(report!.body).toMatchObject({ procPath: ruff, parentProc: 'uv', termination: { code: 1, indicator: 'Taskgated Invalid Signature' } });
      expect(r.stderr).toContain('macOS refused to run ruff (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature")');
      expect(r.stderr).toContain(`CODESIGNING code 1, "Taskgated Invalid Signature" for ruff (pid ${report!.body.pid}), ${join(crashReportsDir(sb.home), report!.file)}`);
      expect(r.stderr).toContain(`file:      ${ruff}`);
      expect(r.stderr).toContain('Running your command again (once).');
      // The rejection sticks to the old CDHash: only the second re-sign let it run.
      expect(toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'))).toHaveLength(2);
      expect(execs(sb).map((l) => l.split(' ')[1])).toEqual(['ran', 'killed', 'ran']);
    });
  });
});
