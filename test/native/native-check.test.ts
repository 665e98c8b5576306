import { copyFileSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNativeFiles, nativeVerdictPath } from '../../src/native/native-check.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { createLogger } from '../../src/log.js';
import { fixture } from '../darwin/fixture-path.js';
import { makeSandbox } from '../helpers/sandbox.js';

function options(root: string, arch: 'arm64' | 'x86_64') {
  const env = { HOME: join(root, 'home'), UV_SHIM_CACHE_DIR: join(root, 'cache'), UV_SHIM_PLATFORM: 'darwin', UV_SHIM_ARCH: arch };
  return { env, platform: 'darwin' as const, config: DEFAULT_CONFIG, log: createLogger('silent'), useCache: true };
}

describe('checking native files (real Mach-O files)', () => {
  it('judges the slice this Mac runs of a universal file', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, 'sentry-cli');
    copyFileSync(fixture('sentry-cli.flip-arm64-page-5'), file);
    const [arm] = await checkNativeFiles([{ path: file, role: 'executable' }], options(join(sb.root, 'a'), 'arm64'));
    const [intel] = await checkNativeFiles([{ path: file, role: 'executable' }], options(join(sb.root, 'b'), 'x86_64'));
    expect(arm).toMatchObject({ state: 'bad-signature', cached: false });
    expect(arm!.reason).toContain('page 5');
    expect(intel).toMatchObject({ state: 'ok', cached: false });
  });

  it('keeps a verdict per file version and never reads an unchanged file twice', async () => {
    const sb = makeSandbox();
    const dir = join(sb.work, 'site-packages', 'pkg');
    mkdirSync(dir, { recursive: true });
    const good = join(dir, 'good.so');
    const bad = join(dir, 'bad.so');
    copyFileSync(fixture('esbuild-arm64'), good);
    copyFileSync(fixture('esbuild-arm64.flip-page-1000'), bad);
    const opts = options(sb.root, 'arm64');
    const targets = [{ path: good, role: 'library' as const }, { path: bad, role: 'library' as const }];
    const first = await checkNativeFiles(targets, opts);
    expect(first.map((v) => [v.state, v.cached])).toEqual([['ok', false], ['bad-signature', false]]);
    const stored = JSON.parse(readFileSync(nativeVerdictPath(opts.env, 'darwin'), 'utf8'));
    expect(Object.keys(stored.entries).sort()).toEqual([bad, good].sort());

    const second = await checkNativeFiles(targets, opts);
    expect(second.map((v) => [v.state, v.cached])).toEqual([['ok', true], ['bad-signature', true]]);
    // A new version of the file (here its mtime) is read again.
    utimesSync(good, new Date(), new Date(Date.now() - 60_000));
    const third = await checkNativeFiles(targets, opts);
    expect(third.map((v) => v.cached)).toEqual([false, true]);
    // After a kill the store is not trusted.
    const fresh = await checkNativeFiles(targets, { ...opts, useCache: false });
    expect(fresh.map((v) => v.cached)).toEqual([false, false]);
  });
});

describe('the native files of an interpreter installation', () => {
  it('lists lib/\'s own Mach-O files and lib-dynload, not the stdlib or site-packages', async () => {
    const { ensureGateFixtures } = await import('../gate/macho-fixtures.js');
    const gate = ensureGateFixtures();
    const sb = makeSandbox();
    const root = join(sb.work, 'cpython-3.11.14-macos-aarch64-none');
    const dynload = join(root, 'lib', 'python3.11', 'lib-dynload');
    const site = join(root, 'lib', 'python3.11', 'site-packages');
    mkdirSync(dynload, { recursive: true });
    mkdirSync(site, { recursive: true });
    copyFileSync(join(gate, 'libpython3.11.dylib'), join(root, 'lib', 'libpython3.11.dylib'));
    copyFileSync(join(gate, 'math.cpython-311-darwin.so'), join(dynload, 'math.cpython-311-darwin.so'));
    copyFileSync(join(gate, '_json.cpython-311-darwin.so'), join(site, '_json.cpython-311-darwin.so'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(root, 'lib', 'python3.11', 'os.py'), '# stdlib\n');
    writeFileSync(join(dynload, 'README.txt'), 'not code\n');
    const { installationTargets } = await import('../../src/native/native-check.js');
    expect(installationTargets(root).map((t) => t.path.slice(root.length)).sort()).toEqual([
      '/lib/libpython3.11.dylib',
      '/lib/python3.11/lib-dynload/math.cpython-311-darwin.so',
    ]);
    expect(installationTargets('/usr')).toEqual([]);
  });
});
