import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/darwin/inspect.js';
import { cacheNameOf } from '../../src/uv/cache-archives.js';
import { ensureGateFixtures } from '../gate/macho-fixtures.js';
import { SIMULATED_MAC } from '../gate/paths.js';
import { REAL_PYTHON } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';

const SO = 'tinyext/_speed.cpython-311-darwin.so';

// The arm64 slice of the gate's universal extension with one code byte flipped.
function corruptedExtension(): Buffer {
  const bytes = readFileSync(join(ensureGateFixtures(), '_json.cpython-311-darwin.so'));
  let start = 0;
  for (let i = 0; i < bytes.readUInt32BE(4); i++) if (bytes.readUInt32BE(8 + i * 20) === 0x0100000c) start = bytes.readUInt32BE(8 + i * 20 + 8);
  bytes[start + 20_000] = bytes[start + 20_000]! ^ 0xff;
  return bytes;
}

// A one-package wheel carrying that extension, built with the tests' Python.
function tinyWheel(dir: string): string {
  const wheel = join(dir, 'tinyext-1.0-py3-none-any.whl');
  const so = join(dir, 'speed.so');
  writeFileSync(so, corruptedExtension());
  const files: Record<string, string> = {
    'tinyext/__init__.py': '',
    'tinyext-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: tinyext\nVersion: 1.0\n',
    'tinyext-1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\nGenerator: uv-shim-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    'tinyext-1.0.dist-info/RECORD': `tinyext/__init__.py,,\n${SO},,\ntinyext-1.0.dist-info/METADATA,,\ntinyext-1.0.dist-info/WHEEL,,\ntinyext-1.0.dist-info/RECORD,,\n`,
  };
  const code = 'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w")\nfor n, t in json.loads(sys.argv[2]).items(): z.writestr(n, t)\nz.write(sys.argv[3], sys.argv[4])\nz.close()';
  execFileSync(REAL_PYTHON, ['-I', '-S', '-c', code, wheel, JSON.stringify(files), so, SO]);
  return wheel;
}

// A venv uv did not make (no `uv =` line in pyvenv.cfg): not an allowed tree.
function plainVenv(sb: GuardSandbox): { venv: string; site: string } {
  const venv = join(sb.work, '.venv');
  execFileSync(REAL_PYTHON, ['-m', 'venv', '--without-pip', venv]);
  const minor = execFileSync(join(venv, 'bin', 'python'), ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
  return { venv, site: join(venv, 'lib', `python${minor}`, 'site-packages') };
}

const signCalls = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

describe('cacheNameOf: the name in uv\'s cache a site-packages file is a hard link of', () => {
  it('finds the cache\'s name by device and inode, and nothing for a copy or a link from elsewhere', () => {
    const root = makeGuardSandbox().root;
    const cache = join(root, 'uv-cache');
    const cached = join(cache, 'archive-v0', 'abc123', 'tinyext', '_speed.so');
    const site = join(root, 'venv', 'lib', 'python3.11', 'site-packages', 'tinyext');
    mkdirSync(join(cached, '..'), { recursive: true });
    mkdirSync(site, { recursive: true });
    writeFileSync(cached, 'code');
    linkSync(cached, join(site, '_speed.so'));
    expect(cacheNameOf(join(site, '_speed.so'), cache)).toBe(cached);
    // A copy under the same name in the cache: another inode.
    copyFileSync(cached, join(site, 'copy.so'));
    copyFileSync(cached, join(cache, 'archive-v0', 'abc123', 'tinyext', 'copy.so'));
    linkSync(join(site, 'copy.so'), join(root, 'elsewhere.so'));
    expect(cacheNameOf(join(site, 'copy.so'), cache)).toBeNull();
    // Outside site-packages (a --target tree): not looked for.
    expect(cacheNameOf(cached, cache)).toBeNull();
    // A symbolic link to the cache's file is no hard link: what it points
    // at is the cache's own file, never a repair's target through it.
    const otherSite = join(root, 'other-venv', 'lib', 'python3.11', 'site-packages', 'tinyext');
    mkdirSync(otherSite, { recursive: true });
    symlinkSync(cached, join(otherSite, '_speed.so'));
    expect(cacheNameOf(join(otherSite, '_speed.so'), cache)).toBeNull();
  });
});

describe.runIf(SIMULATED_MAC)('a corrupted extension hard-linked from uv\'s cache into a venv uv did not make', () => {
  it('is repaired on a new inode after `uv pip install`, and the cache\'s copy is left as the wheel has it', async () => {
    const sb = makeGuardSandbox();
    const { venv, site } = plainVenv(sb);
    const wheel = tinyWheel(sb.root);
    const r = await runShim(sb, 'uv', ['pip', 'install', '--python', join(venv, 'bin', 'python'), '--link-mode', 'hardlink', wheel]);
    expect(r.code, r.stderr).toBe(0);
    const so = join(site, SO);
    expect(r.stderr).toContain(`repaired ${so}`);
    expect(repairLogEntries(sb)).toMatchObject([{ file: so, status: 'repaired', before: 'bad-signature', after: 'ok' }]);
    expect(signCalls(sb)).toHaveLength(1);
    // The link is broken: the venv's name has an inode of its own, signed;
    // uv's cache keeps the wheel's bytes (still corrupted) on its own inode.
    const mine = statSync(so);
    expect(mine.nlink).toBe(1);
    expect((await inspectFile(so, { env: sb.env })).slices.find((s) => s.arch === 'arm64')?.valid).toBe(true);
    const cacheDir = sb.env.UV_CACHE_DIR ?? join(sb.env.XDG_CACHE_HOME!, 'uv');
    const inCache = execFileSync('find', [cacheDir, '-path', `*/archive-v0/*/${SO}`], { encoding: 'utf8' }).trim().split('\n');
    expect(inCache).toHaveLength(1);
    expect(statSync(inCache[0]!).ino).not.toBe(mine.ino);
    expect(readFileSync(inCache[0]!).equals(corruptedExtension())).toBe(true);
  });

  it('is not repaired when it is a copy (nothing ties it to uv\'s cache)', async () => {
    const sb = makeGuardSandbox();
    const { venv, site } = plainVenv(sb);
    const r = await runShim(sb, 'uv', ['pip', 'install', '--python', join(venv, 'bin', 'python'), '--link-mode', 'copy', tinyWheel(sb.root)]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(site, SO)).nlink).toBe(1);
    expect(signCalls(sb)).toHaveLength(0);
    expect(repairLogEntries(sb)).toEqual([]);
  });
});
