import { chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resignedLocally, makeFakePython } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, RUN_MANAGED } from './guard-sandbox.js';

const isRoot = process.getuid?.() === 0;

// Issue 10 §3: an unusable cache dir disabled repairs ("cannot take the
// repair lock"); one owned by another user was written to, through links.
describe("the shim's cache dir", () => {
  it.each([['/dev/null'], ['a file']])('is %s: the repair still runs, with its lock in a private fallback, and that is said once', async (kind) => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    let cacheDir = '/dev/null';
    if (kind === 'a file') {
      cacheDir = join(sb.root, 'cache-file');
      writeFileSync(cacheDir, '');
    }
    const r = await runShim(sb, 'uv', RUN_MANAGED, { env: { ...sb.env, UV_SHIM_CACHE_DIR: cacheDir } });
    expect(r.code, r.stderr).toBe(0);
    expect(resignedLocally(fake.executable)).toBe(true);
    expect(r.stderr.match(/not using the cache dir: .* is not a directory/g)).toHaveLength(1);
    expect(r.stderr).toContain(`repaired ${fake.executable}`);
  });

  // The reported case: root appended a JSON line with a crafted path to a
  // root-only file, through repairs.log planted by `nobody` in a cache dir
  // `nobody` owns.
  it.skipIf(!isRoot)("belongs to another user: nothing is written there, not even through its links (root only: chown)", async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const theirs = join(sb.root, 'their-cache');
    mkdirSync(theirs, { mode: 0o755 });
    const rootOnly = join(sb.root, 'root-only');
    writeFileSync(rootOnly, 'untouched\n', { mode: 0o600 });
    symlinkSync(rootOnly, join(theirs, 'repairs.log'));
    symlinkSync(rootOnly, join(theirs, 'verdicts.json'));
    chownSync(theirs, 65534, 65534);
    const r = await runShim(sb, 'uv', RUN_MANAGED, { env: { ...sb.env, UV_SHIM_CACHE_DIR: theirs } });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(rootOnly, 'utf8')).toBe('untouched\n');
    expect(r.stderr.match(/not using the cache dir: .* belongs to another user \(uid 65534\)/g)).toHaveLength(1);
    expect(resignedLocally(fake.executable)).toBe(true);
    expect(repairLogEntries(sb)).toEqual([]);
  });
});
