import { chmodSync, cpSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLines } from '../helpers/nodes.js';
import { makeSandbox, runShim, SHIMS_DIR } from '../helpers/sandbox.js';

// The launcher keeps the build's compiled code between runs where Node can
// (module.enableCompileCache, Node 22.1+), inside the build directory, and
// only when nobody but its owner may write there. Each case runs a copy of
// the package, so the repository's own build is not touched. On this Node
// and the pinned 22 and 24 (UV_SHIM_NODE): where Node has process.execve,
// `uv --version` execs uv, and the cache is written before that exec.
function hasCache(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 1);
}

function packageCopy(mode: number) {
  const sb = makeSandbox({ linkShims: false });
  const pkg = join(sb.root, 'pkg');
  cpSync(SHIMS_DIR, join(pkg, 'shims'), { recursive: true });
  cpSync(join(SHIMS_DIR, '..', 'dist', 'launch'), join(pkg, 'dist', 'launch'), {
    recursive: true,
    filter: (src) => !src.includes('.compile-cache'),
  });
  chmodSync(join(pkg, 'dist', 'launch'), mode);
  symlinkSync(join(pkg, 'shims', 'uv'), join(sb.shimBin, 'uv'));
  return { sb, cache: join(pkg, 'dist', 'launch', '.compile-cache') };
}

// The cache holds one directory per Node version and flags, with the
// entries in it.
function entries(cache: string): string[] {
  if (!existsSync(cache)) return [];
  return readdirSync(cache).flatMap((d) => readdirSync(join(cache, d)));
}

describe("the build's compile cache", () => {
  describe.each(nodeLines())('on $label', ({ path, skip, version }) => {
    const nodeHasCache = hasCache(version);
    (skip ? it.skip : it)(nodeHasCache ? 'is written into the build directory on Node 22.1+' : 'is not used on Node before 22.1', async () => {
      const { sb, cache } = packageCopy(0o755);
      const env = { ...sb.env, UV_SHIM_NODE: path };
      const r = await runShim(sb, 'uv', ['--version'], { env });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      if (nodeHasCache) expect(entries(cache).length).toBeGreaterThan(0);
      else expect(existsSync(cache)).toBe(false);
      // A second run uses it and says nothing either.
      const again = await runShim(sb, 'uv', ['--version'], { env });
      expect(again.code).toBe(0);
      expect(again.stderr).toBe('');
    });
  });

  it('is not used when others may write to the build directory', async () => {
    const { sb, cache } = packageCopy(0o775);
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv \d/);
    expect(existsSync(cache)).toBe(false);
  });
});
