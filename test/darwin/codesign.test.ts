import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { adhocResignPath as adhocResign, codesignDisplay, codesignVerify } from '../../src/darwin/codesign.js';
import { inspectFile } from '../../src/darwin/inspect.js';
import { spctlAssess } from '../../src/darwin/spctl.js';
import { getXattr, setXattr } from '../../src/darwin/xattr.js';
import type { FixtureName } from '../setup/fixtures.js';
import { darwinEnv, DOUBLES_DIR } from './doubles-path.js';
import { fixture } from './fixture-path.js';
import { llvmTools } from '../gate/macho-fixtures.js';

const PROVENANCE = Buffer.from('01020079a2b3c4d5e6f708', 'hex');
const env = darwinEnv();
const SIGN = `${join(DOUBLES_DIR, 'codesign')} --force --sign - --preserve-metadata=entitlements,requirements,flags,runtime`;

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-codesign-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function copyOf(name: FixtureName, mode = 0o755): string {
  const file = join(workDir(), name);
  copyFileSync(fixture(name), file);
  chmodSync(file, mode);
  return file;
}

// A stand-in for a tagged interpreter: dies of SIGKILL, as macOS kills it,
// while it has provenance and no signature of its own.
function killedInterpreter(): string {
  const file = join(workDir(), 'python3.13');
  writeFileSync(file, [
    '#!/bin/sh',
    `if python3 -c 'import os,sys; n=os.listxattr(sys.argv[1]); sys.exit(0 if "user.com.apple.provenance" in n and "user.com.apple.cs.CodeDirectory" not in n else 1)' "$0"; then kill -9 $$; fi`,
    'echo "Python 3.13.3"',
    '',
  ].join('\n'));
  chmodSync(file, 0o755);
  return file;
}

describe.runIf(SIMULATED_MAC)('adhocResign through the codesign double', () => {
  // Real codesign writes FILE.cstemp and renames it over FILE (issue 11):
  // the first attempt is "in place" for the shim, yet the inode is new.
  it('re-signs a Mach-O with a bad page: a new inode, every page valid after', async () => {
    const file = copyOf('esbuild-arm64.flip-page-1000');
    const inode = statSync(file).ino;
    expect((await inspectFile(file, { env })).slices[0]).toMatchObject({ valid: false, firstBadPage: 1000, linkerSigned: true });
    expect(await codesignVerify(file, env)).toEqual({ ok: false, exitCode: 1, message: 'invalid signature (code or signature have been modified)' });

    const result = await adhocResign(file, env);
    expect(result).toEqual({
      ok: true, method: 'in-place', blocked: false,
      steps: [{ tool: 'codesign', command: `${SIGN} ${file}`, result: 'ok', said: `${file}: replacing existing signature` }],
    });
    expect(statSync(file).ino).not.toBe(inode);
    expect((await inspectFile(file, { env })).slices[0]).toMatchObject({ signed: true, adhoc: true, linkerSigned: false, valid: true, firstBadPage: null });
    expect(await codesignVerify(file, env)).toEqual({ ok: true, exitCode: 0, message: 'valid on disk' });
  });

  it('turns a Developer ID signature into an ad-hoc one that keeps the hardened runtime', async () => {
    const file = copyOf('sentry-cli.flip-arm64-page-5');
    const before = await codesignDisplay(file, env);
    expect(before).toMatchObject({
      exitCode: 0, signature: 'developer-id', teamId: '97JCY7859U', cdFlagNames: ['runtime'], format: 'Mach-O universal (x86_64 arm64)',
      authorities: ['Developer ID Application: GetSentry LLC (97JCY7859U)', 'Developer ID Certification Authority', 'Apple Root CA'],
    });
    expect((await adhocResign(file, env)).ok).toBe(true);
    const after = await codesignDisplay(file, env);
    expect(after).toMatchObject({ exitCode: 0, signature: 'adhoc', teamId: null, cdFlagNames: ['adhoc', 'runtime'], authorities: [] });
    const report = await inspectFile(file, { env });
    expect(report.slices.map((s) => [s.arch, s.valid, s.cms, s.teamId])).toEqual([['x86_64', true, false, null], ['arm64', true, false, null]]);
  });

  it('signs a killed script interpreter through xattrs, after which it runs', async () => {
    const file = killedInterpreter();
    await setXattr(file, 'com.apple.provenance', PROVENANCE, env);
    expect(spawnSync(file, [], { encoding: 'utf8' }).signal).toBe('SIGKILL');
    expect(await codesignVerify(file, env)).toMatchObject({ ok: false, message: 'code object is not signed at all' });

    const result = await adhocResign(file, env);
    expect(result).toMatchObject({ ok: true, method: 'in-place', blocked: false });
    const run = spawnSync(file, [], { encoding: 'utf8' });
    expect([run.status, run.signal, run.stdout]).toEqual([0, null, 'Python 3.13.3\n']);
    expect(await codesignVerify(file, env)).toEqual({ ok: true, exitCode: 0, message: 'valid on disk' });
    // codesign's default identifier drops the name's last extension
    // (`_sha2.cpython-313-darwin.so` -> `_sha2.cpython-313-darwin`, py2app#546).
    expect(await codesignDisplay(file, env)).toMatchObject({ signature: 'adhoc', format: 'generic', identifier: 'python3', cdFlagNames: ['adhoc'] });
    // Editing the script afterwards breaks the signature, as on a Mac.
    writeFileSync(file, `${readFileSync(file, 'utf8')}# edited\n`);
    expect(await codesignVerify(file, env)).toMatchObject({ ok: false, message: 'invalid signature (code or signature have been modified)' });
  });

  it('falls back to a new inode when in-place signing fails, keeping the mode and dropping the xattrs', async () => {
    const file = copyOf('esbuild-arm64.flip-last-page', 0o750);
    await setXattr(file, 'com.apple.provenance', PROVENANCE, env);
    const inode = statSync(file).ino;
    const failing = darwinEnv({ UV_SHIM_TEST_CODESIGN_FAIL_INODE: String(inode) });

    const result = await adhocResign(file, failing);
    expect(result.ok).toBe(true);
    expect(result.method).toBe('new-inode');
    expect(result.blocked).toBe(false);
    const tmp = /^cp \S+ (\S+)$/.exec(result.steps[1]!.command)![1]!;
    expect(result.steps.map((s) => [s.command, s.result])).toEqual([
      [`${SIGN} ${file}`, 'failed'], [`cp ${file} ${tmp}`, 'ok'], [`${SIGN} ${tmp}`, 'ok'], [`mv -f ${tmp} ${file}`, 'ok'],
    ]);
    expect(result.steps[0]!.said).toContain(`${file}: internal error in Code Signing subsystem`);
    const stat = statSync(file);
    expect(stat.ino).not.toBe(inode);
    expect(stat.mode & 0o777).toBe(0o750);
    expect(await getXattr(file, 'com.apple.provenance', env)).toBeNull();
    expect((await inspectFile(file, { env })).slices[0]).toMatchObject({ valid: true, adhoc: true });
  });

  // lipo(1) that exits 0 for -replace yet writes no -output file: the
  // repair's own step fails, as a step, and the file keeps its bytes.
  it('records a slice re-sign whose joined file never appeared as a failed lipo step', async () => {
    const file = copyOf('sentry-cli.flip-arm64-page-5');
    const before = readFileSync(file);
    const lipo = join(workDir(), 'lipo');
    writeFileSync(lipo, `#!/bin/sh\ncase " $* " in *" -replace "*) exit 0 ;; esac\nexec ${llvmTools().lipo} "$@"\n`);
    chmodSync(lipo, 0o755);
    const result = await adhocResign(file, darwinEnv({ UV_SHIM_LIPO: lipo }), { how: 'slice', arch: 'arm64' });
    expect(result).toMatchObject({ ok: false, method: 'new-inode', blocked: false });
    expect(result.steps.map((s) => [s.tool, s.result])).toEqual([['copy', 'ok'], ['lipo', 'ok'], ['codesign', 'ok'], ['lipo', 'failed']]);
    expect(result.steps[3]!.said).toMatch(/ENOENT/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a managed Mac’s refusal as blocked, changes nothing and does not retry', async () => {
    const file = copyOf('esbuild-arm64.flip-page-1000');
    const before = readFileSync(file);
    const inode = statSync(file).ino;
    const result = await adhocResign(file, darwinEnv({ UV_SHIM_TEST_CODESIGN_BLOCK: '1' }));
    expect(result).toEqual({
      ok: false, method: 'in-place', blocked: true,
      steps: [{ tool: 'codesign', command: `${SIGN} ${file}`, result: 'refused', said: `${file}: replacing existing signature\n${file}: Operation not permitted` }],
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).ino).toBe(inode);
  });

  it('refuses a symlink and leaves its target alone', async () => {
    const target = copyOf('esbuild-arm64.flip-page-1000');
    const link = join(workDir(), 'python3');
    symlinkSync(target, link);
    const before = readFileSync(target);
    const result = await adhocResign(link, env);
    expect(result).toMatchObject({ ok: false, blocked: false });
    expect(result.steps.map((s) => s.said)).toEqual([`${link} is a link`]);
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  it('reports a missing codesign without throwing', async () => {
    const file = copyOf('esbuild-arm64');
    const missing = darwinEnv({ UV_SHIM_CODESIGN: '/nonexistent/codesign' });
    expect(await codesignVerify(file, missing)).toEqual({ ok: false, exitCode: null, message: '/nonexistent/codesign not found' });
    const result = await adhocResign(file, missing);
    expect(result.ok).toBe(false);
    expect(result.steps[0]!.said).toContain('/nonexistent/codesign not found');
  });
});

describe.runIf(SIMULATED_MAC)('spctlAssess through the spctl double', () => {
  it.each([
    ['sentry-cli', { verdict: 'rejected', detail: 'the code is valid but does not seem to be an app', origin: 'Developer ID Application: GetSentry LLC (97JCY7859U)', exitCode: 3 }],
    ['esbuild-arm64', { verdict: 'rejected', source: null, detail: null, exitCode: 3 }],
    ['esbuild-x64', { verdict: 'rejected', source: 'no usable signature', exitCode: 3 }],
    ['esbuild-arm64.flip-page-1000', { verdict: 'error', detail: 'invalid signature (code or signature have been modified)', exitCode: 1 }],
  ] as const)('%s', async (name, expected) => {
    expect(await spctlAssess(fixture(name), env)).toMatchObject(expected);
  });

  it('a missing file is an error, not a verdict', async () => {
    expect(await spctlAssess('/nonexistent/python3', env)).toMatchObject({ verdict: 'error', exitCode: 1, detail: 'No such file or directory' });
  });
});
