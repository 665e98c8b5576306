import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { forgetVerdicts, MAX_CACHED_VERDICTS, readVerdicts, writeVerdicts, type CachedVerdict } from '../../src/guard/verdict-cache.js';

function cacheFile() {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-verdicts-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, path: join(dir, 'sub', 'verdicts.json') };
}

const entry = (at: number): CachedVerdict => ({
  fp: { dev: '1', ino: String(at), size: '1', mtime: '1', ctime: '1' }, state: 'ok', reason: 'it starts normally', at,
});

describe('the verdict cache file', () => {
  it('keeps the most recent entries only, and leaves no temporary file', async () => {
    const { dir, path } = cacheFile();
    const updates = Object.fromEntries(Array.from({ length: MAX_CACHED_VERDICTS + 10 }, (_, i) => [`/f${i}`, entry(i)]));
    await writeVerdicts(path, updates);
    forgetVerdicts(path);
    const kept = readVerdicts(path);
    expect(Object.keys(kept)).toHaveLength(MAX_CACHED_VERDICTS);
    expect(kept['/f0']).toBeUndefined();
    expect(kept[`/f${MAX_CACHED_VERDICTS + 9}`]).toEqual(entry(MAX_CACHED_VERDICTS + 9));
    expect(readdirSync(join(dir, 'sub')).filter((n) => n !== 'locks')).toEqual(['verdicts.json']);
  });

  it('merges with what another process wrote since it was read', async () => {
    const { path } = cacheFile();
    await writeVerdicts(path, { '/a': entry(1) });
    expect(Object.keys(readVerdicts(path))).toEqual(['/a']);
    // Another shim's write, behind this process's back.
    writeFileSync(path, JSON.stringify({ format: 1, entries: { '/a': entry(1), '/b': entry(2) } }));
    await writeVerdicts(path, { '/c': entry(3) });
    forgetVerdicts(path);
    expect(Object.keys(readVerdicts(path)).sort()).toEqual(['/a', '/b', '/c']);
  });

  it.each([
    ['garbage', 'not json at all'],
    ['another format', JSON.stringify({ format: 99, entries: { '/a': entry(1) } })],
    ['malformed entries', JSON.stringify({ format: 1, entries: { '/a': { state: 'ok' }, '/b': entry(2) } })],
  ])('reads %s as empty (or keeps only the sound entries)', async (_name, text) => {
    const { path } = cacheFile();
    await writeVerdicts(path, {});
    writeFileSync(path, text);
    forgetVerdicts(path);
    const read = readVerdicts(path);
    expect(Object.keys(read).filter((k) => k !== '/b')).toEqual([]);
    await writeVerdicts(path, { '/c': entry(3) });
    expect(JSON.parse(readFileSync(path, 'utf8')).entries['/c']).toEqual(entry(3));
  });

  // Issue 10 §3: verdicts someone else could have written would make the
  // guard skip a check; /dev/zero in their place would be read forever.
  it('reads nothing from a cache dir others can write, or from a link, a device or a FIFO in its place', async () => {
    const { dir, path } = cacheFile();
    await writeVerdicts(path, { '/f': entry(1) });
    forgetVerdicts(path);
    expect(Object.keys(readVerdicts(path))).toEqual(['/f']);
    chmodSync(join(dir, 'sub'), 0o777);
    forgetVerdicts(path);
    expect(readVerdicts(path)).toEqual({});
    chmodSync(join(dir, 'sub'), 0o700);
    rmSync(path);
    symlinkSync('/dev/zero', path);
    forgetVerdicts(path);
    expect(readVerdicts(path)).toEqual({});
    rmSync(path);
    execFileSync('mkfifo', [path]);
    forgetVerdicts(path);
    expect(readVerdicts(path)).toEqual({});
  });
});

