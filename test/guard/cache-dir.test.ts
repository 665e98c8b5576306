import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resignedLocally, makeFakePython } from '../helpers/fake-python.js';
import { run, runShim } from '../helpers/sandbox.js';
import { asNobodyWithPython, NOBODY_UID } from '../helpers/second-user.js';
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

// Root ignores file modes: only a second user shows what a cache dir the
// shim cannot write does. The shim runs as `nobody` (setpriv) on an
// interpreter of nobody's, in a sandbox nobody owns, with its cache dir
// somewhere nobody cannot write.
const nobody = asNobodyWithPython();
if ('why' in nobody) console.warn(`skipping the cache-dir tests as a second user: ${nobody.why}`);

describe.skipIf('why' in nobody)("the shim's cache dir, for a user who cannot write it", () => {
  it.each([['read-only (root owns it, 0755)'], ['a file'], ['/dev/null']])('is %s: the repair still runs, that is said once, and uv answers as it does alone', async (kind) => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const tmp = join(sb.root, 'tmp');
    mkdirSync(tmp);
    execFileSync('chown', ['-R', `${NOBODY_UID}:${NOBODY_UID}`, sb.root]);
    chmodSync(sb.root, 0o755);
    let cache = '/dev/null';
    if (kind === 'a file') {
      cache = join(sb.root, 'cache-file');
      writeFileSync(cache, '');
    } else if (kind.startsWith('read-only')) {
      cache = join(sb.root, 'read-only-cache');
      mkdirSync(cache, { mode: 0o755 });
    }
    const env = { ...sb.env, XDG_CACHE_HOME: cache, TMPDIR: tmp };
    const prefix = 'prefix' in nobody ? nobody.prefix : [];
    const asNobody = (file: string, args: string[]) => run(prefix[0]!, [...prefix.slice(1), file, ...args], { cwd: sb.work, env });
    const r = await asNobody(join(sb.shimBin, 'uv'), RUN_MANAGED);
    expect(r.code, r.stderr).toBe(0);
    expect(resignedLocally(fake.executable)).toBe(true);
    expect(r.stderr).toContain(`repaired ${fake.executable}`);
    const aboutCache = r.stderr.split('\n').filter((l) => l.includes(cache));
    expect(aboutCache, r.stderr).toHaveLength(1);
    expect(aboutCache[0]).toMatch(/^uv-shim: not using the cache dir: /);
    // uv itself, now that the interpreter runs: the same bytes and status.
    const alone = await asNobody(join(sb.realUvDir, 'uv'), RUN_MANAGED);
    expect(r.stdout.equals(alone.stdout)).toBe(true);
    expect(r.code).toBe(alone.code);
    expect(r.stdout.toString()).toBe('hello from python\n');
  });
});
