import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { inspectFile } from '../../src/darwin/inspect.js';
import { countStarts, makeFakePython } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';
import { CORRUPTED_SO, corruptedNumpyWheel, numpyWheel, ruffWheel } from './wheels.js';

// Real macOS wheels installed into a uv venv with the real uv (which
// installs wheels for another platform with --python-platform), under
// macOS rules on an Apple Silicon Mac. The check runs in the post-exit pass
// of `uv pip install`, before anything can load what was installed.
const MAC = ['--python-platform', 'aarch64-apple-darwin', '--python-version', '3.11'];

// The wheels are for CPython 3.11: the venv is made with the exec gate's
// interpreter stand-in (test/gate/), which hands over to the tests' Python,
// so that must be a 3.11 for uv to install them.
const PYTHON = inject('python');

async function macVenv(): Promise<GuardSandbox & { venv: string; site: string }> {
  const sb = makeGuardSandbox();
  sb.env.UV_SHIM_ARCH = 'arm64';
  // uv's default target for aarch64-apple-darwin is macOS 13; numpy's wheel is for 14.
  sb.env.MACOSX_DEPLOYMENT_TARGET = '14.0';
  const fake = makeFakePython(sb.pythons);
  const venv = join(sb.work, '.venv');
  const made = await runReal(sb, 'uv', ['venv', '--python', fake.executable, venv]);
  expect(made.code, made.stderr).toBe(0);
  // uv queried the interpreter through the gate.
  expect(countStarts(fake).killed).toBe(0);
  expect(countStarts(fake).total).toBeGreaterThan(0);
  return { ...sb, venv, site: join(venv, 'lib', `python${PYTHON.minor}`, 'site-packages') };
}

const signCalls = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

function xattrNames(file: string): string[] {
  const out = execFileSync(PYTHON.executable, ['-c', 'import os, sys; print("\\n".join(os.listxattr(sys.argv[1])))', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe.runIf(PYTHON.minor === '3.11')('the native files of an environment uv just wrote (real macOS wheels for CPython 3.11)', () => {
  // Installs real numpy wheels and checks every Mach-O in them: the slowest
  // of these, well over a minute on a loaded two-core machine.
  it('finds a corrupted .so from a numpy wheel and re-signs it before anything loads it', { timeout: 180_000 }, async () => {
    const sb = await macVenv();
    const wheel = corruptedNumpyWheel(sb.root);
    const r = await runShim(sb, 'uv', ['pip', 'install', ...MAC, wheel]);
    expect(r.code, r.stderr).toBe(0);
    const so = join(sb.site, CORRUPTED_SO);
    expect(r.stderr).toContain(`repaired ${so}`);
    // Only that file was re-signed (uv hard-links from its cache here, so the
    // repair signs a copy and puts it in place), and it is whole now.
    expect(signCalls(sb)).toHaveLength(1);
    const after = await inspectFile(so, { env: sb.env });
    expect(after.slices.find((s) => s.arch === 'arm64')?.valid).toBe(true);
  });

  it('re-signs nothing in an intact wheel, and reads no unchanged file again on the next install', async () => {
    const sb = await macVenv();
    const first = await runShim(sb, 'uv', ['pip', 'install', ...MAC, numpyWheel()]);
    expect(first.code, first.stderr).toBe(0);
    expect(signCalls(sb)).toHaveLength(0);
    const store = join(sb.shimCache, 'native-verdicts.json');
    const before = JSON.parse(readFileSync(store, 'utf8')).entries as Record<string, { at: number; state: string }>;
    const numpyFiles = Object.keys(before).filter((f) => f.includes('/numpy/'));
    expect(numpyFiles.length).toBeGreaterThan(10);
    expect(new Set(numpyFiles.map((f) => before[f]!.state))).toEqual(new Set(['ok']));

    const second = await runShim(sb, 'uv', ['pip', 'install', ...MAC, ruffWheel()]);
    expect(second.code, second.stderr).toBe(0);
    const after = JSON.parse(readFileSync(store, 'utf8')).entries as Record<string, { at: number }>;
    // The numpy files' verdicts were served by fingerprint, not made again.
    for (const f of numpyFiles) expect(after[f]!.at).toBe(before[f]!.at);
    expect(after[join(sb.venv, 'bin', 'ruff')]).toBeDefined();
  });

  it('finds a wheel-delivered executable that carries quarantine, strips it and re-signs it', async () => {
    const sb = await macVenv();
    expect((await runShim(sb, 'uv', ['pip', 'install', ...MAC, ruffWheel()])).code).toBe(0);
    const ruff = join(sb.venv, 'bin', 'ruff');
    // What a quarantine-aware download leaves (Linux keeps Apple's names under user.).
    execFileSync(PYTHON.executable, ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.com.apple.quarantine", b"0083;65b0c2f1;Safari;")', ruff]);
    const r = await runShim(sb, 'uv', ['pip', 'install', ...MAC, numpyWheel()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`repaired ${ruff}`);
    // The log says what the file was as checked: an executable Gatekeeper
    // refuses, not the guard's "flagged" (which it would be as a library).
    expect(repairLogEntries(sb)).toMatchObject([
      { file: ruff, status: 'repaired', before: 'killed', why: 'it carries com.apple.quarantine; Gatekeeper refuses to run it', after: 'ok' },
    ]);
    expect(xattrNames(ruff)).not.toContain('user.com.apple.quarantine');
    expect(signCalls(sb)).toHaveLength(1);
    const after = await inspectFile(ruff, { env: sb.env });
    expect(after.slices.find((s) => s.arch === 'arm64')?.valid).toBe(true);
  });

  it('says the Command Line Tools are missing, with the command, instead of running codesign', async () => {
    const sb = await macVenv();
    // `xcode-select -p` without the tools (its real message and exit code 2).
    const tool = join(sb.root, 'xcode-select');
    writeFileSync(tool, `#!/bin/sh\necho 'xcode-select: error: unable to get active developer directory, use \`sudo xcode-select --switch path/to/Xcode.app\` to set one (or see \`man xcode-select\`)' >&2\nexit 2\n`);
    chmodSync(tool, 0o755);
    const r = await runShim(sb, 'uv', ['pip', 'install', ...MAC, corruptedNumpyWheel(sb.root)], { env: { ...sb.env, UV_SHIM_XCODE_SELECT: tool } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('codesign needs the Xcode Command Line Tools, which are not installed: run `xcode-select --install`');
    expect(r.stderr).toContain(join(sb.site, CORRUPTED_SO));
    expect(signCalls(sb)).toHaveLength(0);
  });

  it('repairs nothing in an environment uv did not make unless it is an allowed tree', async () => {
    const sb = await macVenv();
    const target = join(sb.work, 'vendor');
    mkdirSync(target);
    const r = await runShim(sb, 'uv', ['pip', 'install', ...MAC, '--target', target, corruptedNumpyWheel(sb.root)]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(target, CORRUPTED_SO))).toBe(true);
    expect(signCalls(sb)).toHaveLength(0);
  });
});
