import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { makeFakePython } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, RUN_MANAGED, type GuardSandbox } from './guard-sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');
// Code only a cold check or a repair needs, as the bundler names its chunks.
const COLD = /\/dist\/launch[^/]*\/(probe|repair|inspect|xattr|codesign|spctl)-[^/]*\.cjs$/;

async function loads(sb: GuardSandbox, args = RUN_MANAGED, cwd = sb.work) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', args, { cwd, env: { ...sb.env, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log } });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    r,
    packages: [...new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []))].sort(),
    cold: lines.map((l) => l.replace(/^(cjs|esm) (file:\/\/)?/, '')).filter((p) => COLD.test(p)),
  };
}

// The warm path reads the verdict cache and stats files: no npm package, no
// probe, no macOS reader, no repair code is even loaded.
describe.runIf(SIMULATED_MAC)('the guard on a warm cache', () => {
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

// In a workspace member the guard reads two pyproject.toml files: a bounded
// scan does, and the TOML parser is loaded only for a file the scan leaves
// to it (the positive control: the same workspace declared inline).
describe('the guard in a workspace member', () => {
  const RUN = ['run', '--no-sync', 'python', '-c', 'pass'];

  async function member(sb: GuardSandbox, rootToml: string) {
    const root = join(sb.work, 'ws');
    const a = join(root, 'packages', 'a');
    mkdirSync(a, { recursive: true });
    writeFileSync(join(root, 'pyproject.toml'), `[project]\nname = "root"\nversion = "0"\n${rootToml}`);
    writeFileSync(join(a, 'pyproject.toml'), '[project]\nname = "a"\nversion = "0"\nrequires-python = ">=3.8"\n');
    expect((await runReal(sb, 'uv', ['sync', '--offline'], { cwd: a })).code).toBe(0);
    expect((await loads(sb, RUN, a)).r.code).toBe(0);
    return a;
  }

  it('loads no TOML parser for tables the scan reads, and does for one it does not', async () => {
    const sb = makeGuardSandbox();
    const a = await member(sb, '[tool.uv.workspace]\nmembers = ["packages/*"]\n');
    const warm = await loads(sb, RUN, a);
    expect(warm.r.code).toBe(0);
    expect(warm.packages).toEqual([]);

    const inline = makeGuardSandbox();
    const b = await member(inline, '[tool.uv]\nworkspace = { members = ["packages/*"] }\n');
    expect((await loads(inline, RUN, b)).packages).toEqual(['smol-toml']);
  });
});
