import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeFakePython } from '../helpers/fake-python.js';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox } from '../helpers/sandbox.js';
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
});

// Issue 10 §5: with 20 shims on 20 interpreters, 2 of 5 rounds lost a
// verdict (each read, merged and replaced the file without the others').
describe('verdicts written by many shims at once', () => {
  it('20 shims checking 20 interpreters at once, 5 rounds: no verdict lost', async () => {
    const sb = makeSandbox();
    const pythons = join(sb.root, 'pythons');
    const fakes = Array.from({ length: 20 }, (_, i) => makeFakePython(pythons, { version: `3.11.${i}` }));
    const env = { ...sb.env, UV_PYTHON_INSTALL_DIR: pythons };
    const verdicts = join(sb.env.XDG_CACHE_HOME!, 'uv-shim', 'verdicts.json');
    const lost: number[] = [];
    for (let round = 0; round < 5; round++) {
      rmSync(verdicts, { force: true });
      const runs = await Promise.all(fakes.map((f) => uvShim(sb, ['repair', '--dry-run', f.root], env)));
      for (const r of runs) expect(r.stdout.toString()).toMatch(/^ok: /);
      const entries = Object.keys((JSON.parse(readFileSync(verdicts, 'utf8')) as { entries: object }).entries);
      lost.push(fakes.filter((f) => !entries.includes(f.executable)).length);
    }
    expect(lost).toEqual([0, 0, 0, 0, 0]);
  });
});
