import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFakePython, REAL_PYTHON, REAL_PYTHON_MINOR, type FakePython } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { DOUBLES_DIR, makeGuardSandbox, RUN_MANAGED, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';
import { ensureGateFixtures } from '../gate/macho-fixtures.js';
import { SIMULATED_MAC } from '../gate/paths.js';
import { explanationOf } from '../explain/normalise.js';
import { corruptedNumpyWheel } from './wheels.js';

// issue 12's end-to-end cases, through the exec gate (test/gate/): the
// simulated Mac kills on a bad page or a refused signature and writes the
// crash report and the kernel's log line, as macOS does; the shim finds
// them, names the file and repairs it.

const SO = join('numpy', '_core', '_multiarray_umath.cpython-311-darwin.so');
const IMPORT_NUMPY = ['run', '--no-project', 'python', '-c', 'import numpy'];
const signCalls = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

// A uv venv on the stand-in interpreter with the real macOS numpy wheel in it.
async function numpyVenv(): Promise<{ sb: GuardSandbox; fake: FakePython; site: string; so: string }> {
  const sb = makeGuardSandbox();
  const fake = makeFakePython(sb.pythons);
  expect((await runReal(sb, 'uv', ['venv', '--python', fake.executable, '.venv'])).code).toBe(0);
  const site = join(sb.work, '.venv', 'lib', `python${REAL_PYTHON_MINOR}`, 'site-packages');
  execFileSync(REAL_PYTHON, ['-m', 'zipfile', '-e', join(ensureGateFixtures(), 'numpy-2.2.6-cp311-cp311-macosx_14_0_arm64.whl'), site]);
  return { sb, fake, site, so: join(site, SO) };
}

// One byte of a code page flipped, as a bad strip or install_name_tool leaves it (a new inode).
function corrupt(file: string): void {
  const bytes = readFileSync(file);
  bytes[1_000_000] = bytes[1_000_000]! ^ 0xff;
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
}

describe.runIf(SIMULATED_MAC && REAL_PYTHON_MINOR === '3.11')('issue 12 through the exec gate', () => {
  it('names the .so that killed `import numpy` from the report and the log, re-signs it, and the next run works', async () => {
    const { sb, so } = await numpyVenv();
    corrupt(so);
    const json = join(sb.root, 'explain.json');
    const r = await runShim(sb, 'uv', IMPORT_NUMPY, { env: { ...sb.env, UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: json } });
    expect(r.code).toBe(137);
    const text = explanationOf(r.stderr);
    expect(text).toMatch(/macOS killed python3\.11 for an invalid page in _multiarray_umath\.cpython-311-darwin\.so \(Gatekeeper's code-signing enforcement: "Invalid Page"\)/);
    expect(text).toContain('  log:       CODE SIGNING: process ');
    expect(text).toMatch(new RegExp(`^  file: +${so.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const e = JSON.parse(readFileSync(json, 'utf8'));
    expect(e.evidence).toMatchObject({ kind: 'invalid-page', file: so, fileFrom: 'log', report: { code: 2, indicator: 'Invalid Page' } });
    expect(e.evidence.log.line).toContain(`in file "${so}"`);
    expect(e.repair).toMatchObject({ status: 'repaired' });
    expect((await runShim(sb, 'uv', IMPORT_NUMPY)).code).toBe(0);
  });

  it('re-signs a corrupted .so in the check after `uv pip install`, before anything loads it', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    expect((await runReal(sb, 'uv', ['venv', '--python', fake.executable, '.venv'])).code).toBe(0);
    const env = { ...sb.env, UV_SHIM_ARCH: 'arm64', MACOSX_DEPLOYMENT_TARGET: '14.0' };
    const install = await runShim(sb, 'uv', ['pip', 'install', '--python-platform', 'aarch64-apple-darwin', '--python-version', '3.11', corruptedNumpyWheel(sb.root)], { env });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toContain(`repaired ${join(sb.work, '.venv', 'lib', 'python3.11', 'site-packages', SO)}`);
    const r = await runShim(sb, 'uv', IMPORT_NUMPY, { env });
    expect(r.code, r.stderr).toBe(0);
  });

  // guard = false: the post-install check does not run, and after a kill
  // the file macOS named is still said, but left as it is.
  it('with the guard off, checks nothing after `uv pip install` and repairs nothing after the kill', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    expect((await runReal(sb, 'uv', ['venv', '--python', fake.executable, '.venv'])).code).toBe(0);
    const env = { ...sb.env, UV_SHIM_ARCH: 'arm64', MACOSX_DEPLOYMENT_TARGET: '14.0', UV_SHIM_GUARD: '0' };
    const install = await runShim(sb, 'uv', ['pip', 'install', '--python-platform', 'aarch64-apple-darwin', '--python-version', '3.11', corruptedNumpyWheel(sb.root)], { env });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('repaired');
    const so = join(sb.work, '.venv', 'lib', 'python3.11', 'site-packages', SO);
    const before = readFileSync(so);
    const json = join(sb.root, 'explain.json');
    const r = await runShim(sb, 'uv', IMPORT_NUMPY, { env: { ...env, UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: json } });
    expect(r.code).toBe(137);
    expect(explanationOf(r.stderr)).toContain('invalid page in _multiarray_umath.cpython-311-darwin.so');
    const e = JSON.parse(readFileSync(json, 'utf8'));
    expect(e.repair).toMatchObject({ status: 'skipped', skipped: { kind: 'guard-off' } });
    expect(signCalls(sb)).toHaveLength(0);
    expect(readFileSync(so).equals(before)).toBe(true);
  });

  it('finds the taskgated kill of the interpreter from the report, and does not call stripping provenance a fix', async () => {
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons, { provenance: true });
    const json = join(sb.root, 'explain.json');
    // codesign refused (a managed Mac): only the xattr can be removed.
    const r = await runShim(sb, 'uv', RUN_MANAGED, {
      env: { ...sb.env, UV_SHIM_TEST_CODESIGN_BLOCK: '1', UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: json },
    });
    expect(r.code).toBe(2);
    const e = JSON.parse(readFileSync(json, 'utf8'));
    expect(e.evidence).toMatchObject({ kind: 'taskgated', report: { code: 1, indicator: 'Taskgated Invalid Signature' } });
    expect(e.repair.status).not.toBe('repaired');
    expect(explanationOf(r.stderr)).toContain('Removing com.apple.provenance alone does not help');
    expect(explanationOf(r.stderr)).not.toContain('it runs now');
  });

  it('says the kill came from outside when macOS wrote no crash report', async () => {
    const { sb } = await numpyVenv();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)']);
    expect(r.code).toBe(137);
    expect(explanationOf(r.stderr)).toContain('macOS wrote no crash report for this run');
    expect(explanationOf(r.stderr)).toContain('came from outside: a `kill -9`, a timeout, or memory pressure');
  });

  // No crash report, but a file of the command changed since its last check
  // and macOS refuses it now: named (and repaired), not "from outside".
  it('re-checks the command\'s native files after a kill with no report, and names a file changed since', async () => {
    const { sb, so } = await numpyVenv();
    const json = join(sb.root, 'explain.json');
    const env = { ...sb.env, UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: json };
    const selfKill = ['run', '--no-project', 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'];
    // A first kill: everything is checked and found intact (the store now
    // holds a verdict per file), so it came from outside.
    const first = await runShim(sb, 'uv', selfKill, { env });
    expect(explanationOf(first.stderr)).toContain('came from outside');
    corrupt(so);
    const r = await runShim(sb, 'uv', selfKill, { env });
    expect(r.code).toBe(137);
    const text = explanationOf(r.stderr);
    expect(text).toContain('macOS wrote no crash report for this run, but it refuses _multiarray_umath.cpython-311-darwin.so as it is now');
    expect(text).not.toContain('came from outside');
    const e = JSON.parse(readFileSync(json, 'utf8'));
    expect(e).toMatchObject({ cause: 'macos-refused', retry: 'none', evidence: { report: null, kind: 'none', file: so, fileFrom: 'check' } });
    expect(e.killed).toMatchObject({ file: so, signature: { pageHashesValid: false } });
    expect(e.repair).toMatchObject({ status: 'repaired', file: so });
    // Only the changed file was read again: one re-sign, and the next import works.
    expect(signCalls(sb)).toHaveLength(1);
    expect((await runShim(sb, 'uv', IMPORT_NUMPY)).code).toBe(0);
  });

  it('says the Command Line Tools are missing, with the command, and runs no codesign', async () => {
    const { sb, so } = await numpyVenv();
    corrupt(so);
    const tool = join(DOUBLES_DIR, 'xcode-select');
    const r = await runShim(sb, 'uv', IMPORT_NUMPY, { env: { ...sb.env, UV_SHIM_XCODE_SELECT: tool, UV_SHIM_TEST_CODESIGN_NO_CLT: '1' } });
    expect(r.code).toBe(137);
    const text = explanationOf(r.stderr);
    expect(text).toContain('codesign needs the Xcode Command Line Tools, which are not installed');
    expect(text).toMatch(/fix: +xcode-select --install$/m);
    expect(signCalls(sb)).toHaveLength(0);
  });
});
