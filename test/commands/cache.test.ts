import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCount } from '../../src/first-run/count-store.js';
import { makeFakePython } from '../helpers/fake-python.js';
import { REPO_ROOT, run } from '../helpers/sandbox.js';
import { makeGuardSandbox, type GuardSandbox } from '../guard/guard-sandbox.js';

const UV_SHIM = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');
const uvShim = (sb: GuardSandbox, args: string[]) => run(process.execPath, [UV_SHIM, ...args], { cwd: sb.work, env: sb.env });

interface StoreReport {
  id: string;
  path: string;
  entries: number;
  gone: string[];
}

async function state(sb: GuardSandbox): Promise<Record<string, StoreReport>> {
  const r = await uvShim(sb, ['cache', '--json']);
  expect(r.code, r.stderr.toString()).toBe(0);
  const doc = JSON.parse(r.stdout.toString()) as { dir: string; stores: StoreReport[] };
  expect(doc.dir).toBe(sb.shimCache);
  return Object.fromEntries(doc.stores.map((s) => [s.id, s]));
}

// Two interpreters checked (verdicts), one repaired (repairs.log), two
// environments counted, one project config trusted; then one interpreter,
// one environment and the trusted project removed.
async function populated(): Promise<{ sb: GuardSandbox; kept: string; removed: string; keptEnv: string; removedEnv: string; trusted: string }> {
  const sb = makeGuardSandbox();
  const a = makeFakePython(sb.pythons, { version: '3.11.2', provenance: true });
  const b = makeFakePython(sb.pythons, { version: '3.12.1' });
  expect((await uvShim(sb, ['repair'])).code).toBe(0);
  const keptEnv = join(sb.work, 'kept', '.venv');
  const removedEnv = join(sb.work, 'removed', '.venv');
  for (const environment of [keptEnv, removedEnv]) {
    mkdirSync(environment, { recursive: true });
    writeCount(sb.shimCache, { environment, countedAt: new Date().toISOString(), nativeFiles: 3, unshared: 3, newUnshared: 3, inodes: [] });
  }
  mkdirSync(join(sb.work, 'trusted'));
  const trusted = join(realpathSync(sb.work), 'trusted', '.uv-shimrc.json');
  writeFileSync(trusted, JSON.stringify({ log: 'warn' }));
  const trust = await uvShim(sb, ['trust', trusted]);
  expect(trust.code, trust.stderr.toString()).toBe(0);
  rmSync(b.root, { recursive: true });
  rmSync(join(sb.work, 'removed'), { recursive: true });
  rmSync(join(sb.work, 'trusted'), { recursive: true });
  return { sb, kept: a.executable, removed: b.executable, keptEnv, removedEnv, trusted };
}

describe('uv-shim cache', () => {
  it('shows each store, its size, and what is about files that are gone', async () => {
    const { sb, removed, removedEnv, trusted } = await populated();
    const stores = await state(sb);
    expect(stores.trust).toMatchObject({ path: join(sb.shimCache, 'trust.json'), entries: 1, gone: [trusted] });
    expect(stores.verdicts).toMatchObject({ path: join(sb.shimCache, 'verdicts.json'), entries: 2, gone: [removed] });
    expect(stores.counts).toMatchObject({ path: join(sb.shimCache, 'first-run'), entries: 2, gone: [removedEnv] });
    expect(stores.repairs).toMatchObject({ path: join(sb.shimCache, 'repairs.log'), entries: 1, gone: [] });
    // `uv-shim trust` read the trusted file through the config cache.
    expect(stores.configCache).toMatchObject({ path: join(sb.shimCache, 'config-cache.json'), entries: 1 });
    const text = (await uvShim(sb, ['cache'])).stdout.toString();
    expect(text).toContain(`uv-shim's state in ${sb.shimCache}:`);
    expect(text).toContain('  verdicts: 2 entries, 1 about files that are gone (verdicts.json)');
    expect(text).toContain('`uv-shim cache prune` forgets the 3 entries about files that are gone');
  });

  it('prune forgets only the entries whose files are gone, and keeps the history', async () => {
    const { sb, kept, removed, keptEnv, removedEnv, trusted } = await populated();
    const r = await uvShim(sb, ['cache', 'prune', '--json']);
    expect(r.code, r.stderr.toString()).toBe(0);
    expect(JSON.parse(r.stdout.toString())).toEqual({ dir: sb.shimCache, forgotten: { verdicts: [removed], counts: [removedEnv], uvLinkDefaults: [], trust: [trusted], configCache: [], repairs: [] } });
    const stores = await state(sb);
    expect(stores.verdicts).toMatchObject({ entries: 1, gone: [] });
    expect(stores.counts).toMatchObject({ entries: 1, gone: [] });
    expect(stores.trust).toMatchObject({ entries: 0, gone: [] });
    expect(stores.repairs).toMatchObject({ entries: 1 });
    // What is kept still works: the kept interpreter is served from the cache.
    const check = await uvShim(sb, ['check', '--json']);
    expect(JSON.parse(check.stdout.toString())).toEqual([expect.objectContaining({ file: kept, cached: true })]);
    expect(existsSync(keptEnv)).toBe(true);
  });

  it('clean removes every store and nothing else in the directory', async () => {
    const { sb } = await populated();
    writeFileSync(join(sb.shimCache, 'not-ours.txt'), 'kept');
    const r = await uvShim(sb, ['cache', 'clean']);
    expect(r.code, r.stderr.toString()).toBe(0);
    expect(readdirSync(sb.shimCache).filter((n) => n !== 'locks')).toEqual(['not-ours.txt']);
    const stores = await state(sb);
    expect(Object.values(stores).map((s) => s.entries)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('answers a wrong argument with exit 2 and the usage', async () => {
    const sb = makeGuardSandbox();
    const r = await uvShim(sb, ['cache', 'purge']);
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.toString()).toBe(
      'uv-shim cache: error: "purge" is not one of prune, clean.\n\nUsage: uv-shim cache [--json] [prune|clean]\nRun `uv-shim help cache` for more.\n',
    );
  });
});
