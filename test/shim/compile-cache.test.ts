import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLines } from '../helpers/nodes.js';
import { makeSandbox, runShim, SHIMS_DIR } from '../helpers/sandbox.js';

// The launcher keeps the build's compiled code between runs, inside the build
// directory, and only when nobody but its owner may write there: the entry's
// on every Node (V8's code cache, taken after a run), the lazily loaded
// chunks' where Node can (module.enableCompileCache, Node 22.1+). Each case
// runs a copy of the package, so the repository's own build is not touched.
// On this Node and the pinned 22 and 24 (UV_SHIM_NODE): where Node has
// process.execve, `uv --version` execs uv, and both caches are written
// before that exec.
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

// Node's cache holds one directory per Node version and flags, with the
// entries in it; `entry` is the launcher's own, a file per Node version.
function entries(cache: string): string[] {
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .filter((d) => d !== 'entry')
    .flatMap((d) => readdirSync(join(cache, d)));
}

function entryCache(cache: string, version: string): string {
  return join(cache, 'entry', `v${version}-${process.arch}.v8`);
}

describe("the build's compile cache", () => {
  describe.each(nodeLines())('on $label', ({ path, skip, version }) => {
    const nodeHasCache = hasCache(version);
    (skip ? it.skip : it)(nodeHasCache ? "is Node's for the lazy chunks on Node 22.1+" : 'is not used for the chunks on Node before 22.1', async () => {
      const { sb, cache } = packageCopy(0o755);
      const env = { ...sb.env, UV_SHIM_NODE: path };
      const r = await runShim(sb, 'uv', ['--version'], { env });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      // `uv --version` loads no chunk; a failure loads the chunk of its words.
      const missing = { ...env, UV_SHIM_REAL_UV: join(sb.root, 'no-such-uv') };
      const failed = await runShim(sb, 'uv', ['--version'], { env: missing });
      expect(failed.code).toBe(127);
      if (nodeHasCache) expect(entries(cache).length).toBeGreaterThan(0);
      else expect(entries(cache)).toEqual([]);
      // A second run uses it and says the same.
      const again = await runShim(sb, 'uv', ['--version'], { env: missing });
      expect(again.code).toBe(127);
      expect(again.stderr).toBe(failed.stderr);
    });

    (skip ? it.skip : it)("keeps the entry's code, taken after a run, and uses it as it is from then on", async () => {
      const { sb, cache } = packageCopy(0o755);
      const env = { ...sb.env, UV_SHIM_NODE: path };
      const file = entryCache(cache, version);
      expect((await runShim(sb, 'uv', ['--version'], { env })).code).toBe(0);
      const written = statSync(file);
      expect(written.size).toBeGreaterThan(0);
      expect(statSync(join(file, '..')).mode & 0o022).toBe(0);
      // V8 took it: the launcher writes it again only when V8 refuses it.
      const again = await runShim(sb, 'uv', ['--version'], { env });
      expect(again.code).toBe(0);
      expect(again.stderr).toBe('');
      expect(statSync(file).ino).toBe(written.ino);
      // The chunks share the entry that came from the cache: a required
      // hook's failure, thrown in the hook runner's chunk, is the entry's
      // ShimError (exit 124), not an unexpected error (70).
      writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: [{ run: 'exit 4', required: true }] } }));
      const hooked = await runShim(sb, 'uv', ['--version'], { env: { ...env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' } });
      expect(hooked.code).toBe(124);
      expect(hooked.stderr).toContain('marked required');
    });

    (skip ? it.skip : it)('replaces an entry cache V8 refuses (damaged, or another build), and runs uv as before', async () => {
      const { sb, cache } = packageCopy(0o755);
      const env = { ...sb.env, UV_SHIM_NODE: path };
      const file = entryCache(cache, version);
      expect((await runShim(sb, 'uv', ['--version'], { env })).code).toBe(0);
      writeFileSync(file, Buffer.alloc(4096, 0x5a));
      const r = await runShim(sb, 'uv', ['--version'], { env });
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toMatch(/^uv \d/);
      expect(r.stderr).toBe('');
      expect(readFileSync(file).equals(Buffer.alloc(4096, 0x5a))).toBe(false);
    });
    // V8 checks a cache against the source's length only: a build changed
    // in place to one of the same length ran the old build's code.
    (skip ? it.skip : it)('runs a build changed in place to the same length as it now is, not as the cache has it', async () => {
      const { sb, cache } = packageCopy(0o755);
      const env = { ...sb.env, UV_SHIM_NODE: path, UV_SHIM_LOG: 'debug' };
      const build = join(cache, '..', 'shim.cjs');
      // The debug log's colours come from kleur, in the package's node_modules.
      symlinkSync(join(SHIMS_DIR, '..', 'node_modules'), join(cache, '..', '..', '..', 'node_modules'));
      // `cache dir` spawns uv and logs its end on every Node.
      const first = await runShim(sb, 'uv', ['cache', 'dir'], { env });
      expect(first.stderr).toContain('uv ended: exit 0');
      expect(existsSync(entryCache(cache, version))).toBe(true);
      const source = readFileSync(build, 'utf8');
      expect(source).toContain('uv ended: ');
      writeFileSync(build, source.replace('uv ended: ', 'uv ENDED: '));
      const changed = await runShim(sb, 'uv', ['cache', 'dir'], { env });
      expect(changed.code).toBe(0);
      expect(changed.stderr).toContain('uv ENDED: exit 0');
      expect(changed.stderr).not.toContain('uv ended: ');
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
