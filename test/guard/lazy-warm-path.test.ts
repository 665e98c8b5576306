import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFakePython } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, RUN_MANAGED, type GuardSandbox } from './guard-sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');
// Code only a cold check or a repair needs, as the bundler names its chunks.
const COLD = /\/dist\/launch\/(probe|repair|inspect|xattr|codesign|spctl)-[^/]*\.cjs$/;

async function loads(sb: GuardSandbox) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', RUN_MANAGED, { env: { ...sb.env, NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log } });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    r,
    packages: [...new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []))].sort(),
    cold: lines.map((l) => l.replace(/^(cjs|esm) (file:\/\/)?/, '')).filter((p) => COLD.test(p)),
  };
}

// The warm path reads the verdict cache and stats files: no npm package, no
// probe, no macOS reader, no repair code is even loaded.
describe('the guard on a warm cache', () => {
  it('loads nothing a cold check needs (which the first run did load)', async () => {
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons, { provenance: true });
    const cold = await loads(sb);
    expect(cold.r.code).toBe(0);
    expect(cold.packages).toEqual(expect.arrayContaining(['@napi-rs/xattr', 'lru-cache']));
    expect(cold.cold.length).toBeGreaterThan(0);

    const warm = await loads(sb);
    expect(warm.r.code).toBe(0);
    expect(warm.r.stderr).toBe('');
    expect(warm.packages).toEqual([]);
    expect(warm.cold).toEqual([]);
  });
});
