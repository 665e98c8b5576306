import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProvenance, countStarts, makeFakePython, PROVENANCE_XATTR, QUARANTINE_XATTR, REAL_PYTHON, REAL_PYTHON_MINOR, standInSignature, xattrNames, type FakePython } from '../helpers/fake-python.js';
import { run, runReal } from '../helpers/sandbox.js';
import { DOUBLES_DIR, makeGuardSandbox, RUN_MANAGED, type GuardSandbox } from '../guard/guard-sandbox.js';
import { ensureGateFixtures } from './macho-fixtures.js';
import { readCrashReports as crashReports, setGateSwitches, SIMULATED_MAC } from './paths.js';

const tool = (sb: GuardSandbox, name: string, args: string[]) => run(join(DOUBLES_DIR, name), args, { env: sb.env });
const python = (sb: GuardSandbox, exe: string, code: string) => run(exe, ['-c', code], { env: sb.env, cwd: sb.work });

// Flips one byte inside the signed code of a Mach-O file, in place: `at`
// bytes into its arm64 slice (the one Apple Silicon runs).
function corrupt(file: string, at: number): void {
  const bytes = readFileSync(file);
  let start = 0;
  if (bytes.readUInt32BE(0) === 0xcafebabe) {
    for (let i = 0; i < bytes.readUInt32BE(4); i++) {
      if (bytes.readUInt32BE(8 + i * 20) === 0x0100000c) start = bytes.readUInt32BE(8 + i * 20 + 8);
    }
  }
  bytes[start + at] = bytes[start + at]! ^ 0xff;
  writeFileSync(file, bytes);
}

// What `log show --style ndjson` says about code signing, through the double.
async function kernelLog(sb: GuardSandbox): Promise<string[]> {
  const r = await tool(sb, 'log', ['show', '--style', 'ndjson', '--last', '5m', '--predicate', 'eventMessage CONTAINS "CODE SIGNING" OR eventMessage CONTAINS "code signature error"']);
  expect(r.code).toBe(0);
  const lines = r.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.at(-1)).toEqual({ count: lines.length - 1, finished: 1 });
  return lines.slice(0, -1).map((e) => e.eventMessage as string);
}

function sandboxWith(options: Parameters<typeof makeFakePython>[1] = {}): { sb: GuardSandbox; fake: FakePython } {
  const sb = makeGuardSandbox();
  return { sb, fake: makeFakePython(sb.pythons, options) };
}

describe.runIf(SIMULATED_MAC)('the exec gate, at exec: provenance on ad-hoc code (Taskgated Invalid Signature)', () => {
  it('kills the interpreter and writes the crash report macOS writes', async () => {
    const { sb, fake } = sandboxWith({ provenance: true });
    const r = await python(sb, fake.executable, 'print("ran")');
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout.length).toBe(0);
    const [report, ...more] = crashReports(sb.home);
    expect(more).toEqual([]);
    const name = `python${REAL_PYTHON_MINOR}`;
    expect(report!.file).toBe(`${name}-${report!.file.slice(name.length + 1, -4)}.ips`);
    expect(report!.file).toMatch(/-\d{4}-\d\d-\d\d-\d{6}\.ips$/);
    expect(report!.header).toMatchObject({ bug_type: '309', app_name: name, name });
    expect(report!.body).toMatchObject({
      // The parent is this test's own process, named as the kernel names it
      // (`node`; Node 24 calls its main thread, and so the process, MainThread).
      procName: name, procPath: fake.executable, pid: r.pid, parentProc: readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim(),
      exception: { type: 'EXC_CRASH', signal: 'SIGKILL (Code Signature Invalid)' },
      termination: { flags: 0, code: 1, namespace: 'CODESIGNING', indicator: 'Taskgated Invalid Signature' },
    });
  });

  it('makes the real uv fail as uv 16726 shows', async () => {
    const { sb, fake } = sandboxWith({ provenance: true });
    const r = await runReal(sb, 'uv', RUN_MANAGED);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Querying Python at \`${fake.executable}\` failed with exit status signal: 9 (SIGKILL)`);
    expect(crashReports(sb.home).map((c) => c.body.parentProc)).toContain('uv');
  });

  it('keeps killing it after the attribute is removed: the rejection sticks to its CDHash', async () => {
    const { sb, fake } = sandboxWith({ provenance: true });
    expect((await python(sb, fake.executable, 'pass')).signal).toBe('SIGKILL');
    expect((await tool(sb, 'xattr', ['-d', 'com.apple.provenance', fake.executable])).code).toBe(0);
    expect(xattrNames(fake.executable)).not.toContain(PROVENANCE_XATTR);
    expect((await python(sb, fake.executable, 'pass')).signal).toBe('SIGKILL');
    expect(countStarts(fake)).toEqual({ total: 2, killed: 2 });
  });

  it('lets it run once codesign re-signs it (a new CDHash, a new inode), attribute or not', async () => {
    const { sb, fake } = sandboxWith({ provenance: true });
    expect((await python(sb, fake.executable, 'pass')).signal).toBe('SIGKILL');
    const before = { sig: standInSignature(fake.executable), ino: statSync(fake.executable).ino };
    const sign = await tool(sb, 'codesign', ['--force', '--sign', '-', fake.executable]);
    expect(sign).toMatchObject({ code: 0, stderr: `${fake.executable}: replacing existing signature\n` });
    const after = standInSignature(fake.executable);
    expect(after.cdhash).not.toBe(before.sig.cdhash);
    expect(statSync(fake.executable).ino).not.toBe(before.ino);
    expect(xattrNames(fake.executable)).toContain(PROVENANCE_XATTR);
    const r = await python(sb, fake.executable, 'print("ran")');
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('ran\n');
  });

  it('kills quarantined ad-hoc code, and lets it run without the attribute before a first kill', async () => {
    const { sb, fake } = sandboxWith();
    execFileSync(REAL_PYTHON, ['-c', `import os; os.setxattr(${JSON.stringify(fake.executable)}, ${JSON.stringify(QUARANTINE_XATTR)}, b"0081;6740a0c0;uv;")`]);
    expect((await python(sb, fake.executable, 'pass')).signal).toBe('SIGKILL');
    const { sb: sb2, fake: clean } = sandboxWith();
    expect((await python(sb2, clean.executable, 'pass')).code).toBe(0);
  });

  it('puts provenance back after a removal when it is set to return (uv 16726: it "reappears")', async () => {
    const { sb, fake } = sandboxWith({ provenance: true });
    setGateSwitches(sb.home, { provenanceReturns: true });
    expect((await python(sb, fake.executable, 'pass')).signal).toBe('SIGKILL');
    expect((await tool(sb, 'codesign', ['-f', '-s', '-', fake.executable])).code).toBe(0);
    expect((await tool(sb, 'xattr', ['-c', fake.executable])).code).toBe(0);
    expect(xattrNames(fake.executable)).toEqual([]);
    expect((await python(sb, fake.executable, 'pass')).code).toBe(0);
    expect(xattrNames(fake.executable)).toContain(PROVENANCE_XATTR);
  });

  it('refuses the removal when provenance is protected, as under SIP', async () => {
    const { sb, fake } = sandboxWith({ provenance: true });
    setGateSwitches(sb.home, { provenanceProtected: true });
    const r = await tool(sb, 'xattr', ['-d', 'com.apple.provenance', fake.executable]);
    expect(r).toMatchObject({ code: 1, stderr: `xattr: [Errno 1] Operation not permitted: '${fake.executable}'\n` });
    expect(xattrNames(fake.executable)).toContain(PROVENANCE_XATTR);
  });
});

describe.runIf(SIMULATED_MAC)('the exec gate, at load: a page that does not match its hash (Invalid Page)', () => {
  it('kills at `import math` on a corrupted lib-dynload module, naming it in the report and the kernel log', async () => {
    const { sb, fake } = sandboxWith();
    const so = join(fake.dynload, `math.${fake.darwinTag}.so`);
    expect((await python(sb, fake.executable, 'import math; print(math.pi)')).code).toBe(0);
    const fresh = join(sb.root, 'math-copy.so');
    copyFileSync(so, fresh);
    corrupt(fresh, 20_000);
    renameSync(fresh, so);

    const r = await python(sb, fake.executable, 'print("started", flush=True); import math; print("imported")');
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout.toString()).toBe('started\n');
    const [report] = crashReports(sb.home);
    expect(report!.body).toMatchObject({
      procPath: fake.executable, pid: r.pid,
      exception: { type: 'EXC_BAD_ACCESS', signal: 'SIGKILL (Code Signature Invalid)' },
      termination: { code: 2, namespace: 'CODESIGNING', indicator: 'Invalid Page' },
    });
    const log = await kernelLog(sb);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(new RegExp(`^CODE SIGNING: cs_invalid_page\\(0x[0-9a-f]+\\): p=${r.pid}\\[python[\\d.]+\\] final status 0x23000200, denying page sending SIGKILL$`));
    expect(log[1]).toMatch(new RegExp(`^CODE SIGNING: process ${r.pid}\\[python[\\d.]+\\]: rejecting invalid page at address 0x[0-9a-f]+ from offset 0x4000 in file "${so}" \\(cs_mtime:\\d+\\.\\d+ == mtime:\\d+\\.\\d+\\) \\(signed:1 validated:1 tainted:1 nx:0 wpmapped:0 dirty:0 depth:0\\)$`));
  });

  it('is cured by an ad-hoc re-sign of that file, and not by clearing its attributes', async () => {
    const { sb, fake } = sandboxWith();
    const so = join(fake.dynload, `_json.${fake.darwinTag}.so`);
    corrupt(so, 20_000);
    expect((await python(sb, fake.executable, 'import _json')).signal).toBe('SIGKILL');
    expect((await tool(sb, 'xattr', ['-c', so])).code).toBe(0);
    expect((await python(sb, fake.executable, 'import _json')).signal).toBe('SIGKILL');
    expect((await tool(sb, 'codesign', ['--force', '--sign', '-', so])).code).toBe(0);
    expect((await tool(sb, 'codesign', ['--verify', '--strict', so])).code).toBe(0);
    expect((await python(sb, fake.executable, 'import _json; print("ok")')).stdout.toString()).toBe('ok\n');
  });

  it('kills at start when the interpreter maps a libpython with a bad page', async () => {
    const { sb, fake } = sandboxWith({ libpython: true });
    expect((await python(sb, fake.executable, 'pass')).code).toBe(0);
    const copy = join(sb.root, 'lib.dylib');
    copyFileSync(fake.libpython!, copy);
    corrupt(copy, 60_000);
    renameSync(copy, fake.libpython!);
    expect((await python(sb, fake.executable, 'pass')).signal).toBe('SIGKILL');
    expect((await kernelLog(sb)).at(-1)).toContain(`in file "${fake.libpython}"`);
  });

  it('kills `uv run … import numpy` on a corrupted .so from the real macOS numpy wheel, and a re-sign cures it', async () => {
    const { sb, fake } = sandboxWith();
    expect((await runReal(sb, 'uv', ['venv', '--python', fake.executable, '.venv'])).code).toBe(0);
    const site = join(sb.work, '.venv', 'lib', `python${REAL_PYTHON_MINOR}`, 'site-packages');
    const wheel = join(ensureGateFixtures(), 'numpy-2.2.6-cp311-cp311-macosx_14_0_arm64.whl');
    execFileSync(REAL_PYTHON, ['-m', 'zipfile', '-e', wheel, site]);
    const args = ['run', '--no-project', 'python', '-c', 'import numpy; print(numpy.__version__, len(numpy.__gate_mapped__))'];
    const healthy = await runReal(sb, 'uv', args);
    expect(healthy.stdout.toString()).toMatch(/^2\.2\.6 \d+\n$/);

    const so = join(site, 'numpy', '_core', '_multiarray_umath.cpython-311-darwin.so');
    const copy = join(sb.root, 'umath.so');
    copyFileSync(so, copy);
    corrupt(copy, 1_000_000);
    renameSync(copy, so);
    const killed = await runReal(sb, 'uv', args);
    expect(killed.code).toBe(137);
    expect((await kernelLog(sb)).at(-1)).toContain(`in file "${so}"`);
    expect(crashReports(sb.home).at(-1)!.body.termination).toMatchObject({ code: 2, indicator: 'Invalid Page' });

    expect((await tool(sb, 'codesign', ['--force', '--sign', '-', so])).code).toBe(0);
    expect((await runReal(sb, 'uv', args)).code).toBe(0);
  });

  it('runs the unsigned x86_64 numpy on an Intel Mac; Apple Silicon refuses it (wrong architecture) and kills unsigned arm64 code', async () => {
    const { sb, fake } = sandboxWith();
    const site = join(fake.root, 'lib', `python${REAL_PYTHON_MINOR}`, 'site-packages');
    execFileSync(REAL_PYTHON, ['-m', 'zipfile', '-e', join(ensureGateFixtures(), 'numpy-2.2.6-cp311-cp311-macosx_10_9_x86_64.whl'), site]);
    // Debian's Python puts no site-packages of a prefix on sys.path: name it.
    const code = `import sys; sys.path.append(${JSON.stringify(site)}); import numpy; print(numpy.__version__)`;
    setGateSwitches(sb.home, { arch: 'x86_64' });
    expect((await python(sb, fake.executable, code)).stdout.toString()).toBe('2.2.6\n');
    setGateSwitches(sb.home, { arch: 'arm64' });
    const refused = await python(sb, fake.executable, code);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ImportError: dlopen\(.*\.(so|dylib), 0x0002\): tried: '.*' \(mach-o file, but is an incompatible architecture \(have 'x86_64', need 'arm64'\)\)/);
    copyFileSync(join(ensureGateFixtures(), 'unsigned-arm64.so'), join(fake.dynload, `math.${fake.darwinTag}.so`));
    expect((await python(sb, fake.executable, 'import math')).signal).toBe('SIGKILL');
  });
});

describe.runIf(SIMULATED_MAC)('the exec gate: a file rewritten in place after it was mapped', () => {
  it('kills with `load code signature error 2`, and a copy to a new inode cures it', async () => {
    const { sb, fake } = sandboxWith();
    const so = join(fake.dynload, `math.${fake.darwinTag}.so`);
    expect((await python(sb, fake.executable, 'import math')).code).toBe(0);
    // A validly signed new build of the same file, written over it in place.
    const rebuilt = join(sb.root, 'rebuilt.so');
    copyFileSync(so, rebuilt);
    expect((await tool(sb, 'codesign', ['--force', '--sign', '-', rebuilt])).code).toBe(0);
    const inode = statSync(so).ino;
    writeFileSync(so, readFileSync(rebuilt));
    expect(statSync(so).ino).toBe(inode);

    const r = await python(sb, fake.executable, 'import math');
    expect(r.signal).toBe('SIGKILL');
    expect((await kernelLog(sb)).at(-1)).toBe(`load code signature error 2 for file "math.${fake.darwinTag}.so"`);

    copyFileSync(so, rebuilt);
    renameSync(rebuilt, so);
    expect((await python(sb, fake.executable, 'import math')).code).toBe(0);
  });
});

describe.runIf(SIMULATED_MAC)('the provenance fixture', () => {
  it('is 11 bytes: 01 02 00 and an 8-byte little-endian key', async () => {
    const { sb, fake } = sandboxWith();
    addProvenance(fake.executable);
    const r = await tool(sb, 'xattr', ['-px', 'com.apple.provenance', fake.executable]);
    expect(r.stdout.toString()).toMatch(/^01 02 00( [0-9A-F]{2}){8}\n$/);
  });
});
