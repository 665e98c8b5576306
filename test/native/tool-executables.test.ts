import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/darwin/inspect.js';
import { SIMULATED_MAC } from '../gate/paths.js';
import { addProvenance, PROVENANCE_XATTR, REAL_PYTHON, xattrNames } from '../helpers/fake-python.js';
import { run, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';
import { ruffWheel } from './wheels.js';

// On a Mac `uvx ruff` needs none of these; here they make the real uv
// install and reuse ruff's macOS wheel (offline, from the pinned file).
const MAC = ['--python-platform', 'aarch64-apple-darwin', '--no-index', '--find-links', dirname(ruffWheel())];
const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');
const COLD = /\/dist\/launch[^/]*\/(probe|repair|inspect|xattr|codesign|spctl)-[^/]*\.cjs$/;

// ruff 0.8.0's macOS arm64 executable installed as a uv tool, carrying
// provenance (what macOS adds to files a tracked app writes).
async function installRuff(): Promise<{ sb: GuardSandbox; ruff: string }> {
  const sb = makeGuardSandbox();
  sb.env.UV_TOOL_DIR = join(sb.root, 'tools');
  sb.env.UV_TOOL_BIN_DIR = join(sb.root, 'tool-bin');
  const r = await run(join(sb.realUvDir, 'uv'), ['tool', 'install', '--python', REAL_PYTHON, ...MAC, 'ruff'], { env: sb.env, cwd: sb.work });
  expect(r.code, r.stderr).toBe(0);
  const ruff = join(sb.env.UV_TOOL_DIR, 'ruff', 'bin', 'ruff');
  expect(readFileSync(ruff).readUInt32LE(0)).toBe(0xfeedfacf);
  addProvenance(ruff);
  return { sb, ruff };
}

// What Node loaded in the shim's process, with a uvx that succeeds without
// running anything (/bin/true), so that no post-mortem loads code either.
async function uvxLoads(sb: GuardSandbox): Promise<{ stderr: string; cold: string[] }> {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const env = { ...sb.env, UV_SHIM_REAL_UVX: '/bin/true', UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log };
  const r = await runShim(sb, 'uvx', [...MAC, 'ruff', '--version'], { env });
  expect(r.code, r.stderr).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { stderr: r.stderr, cold: lines.map((l) => l.replace(/^(cjs|esm) (file:\/\/)?/, '')).filter((p) => COLD.test(p)) };
}

// Linux cannot exec the Mach-O, so uv fails after the shim's pre-exec step
// here: what is asserted is what that step did before uv ran. Executing it
// through the exec gate is test/gate/macho-exec.test.ts's.
describe.runIf(SIMULATED_MAC)('`uvx ruff` with a macOS ruff installed as a uv tool', () => {
  it('strips provenance from bin/ruff and re-signs it before uv runs', async () => {
    const { sb, ruff } = await installRuff();
    const r = await runShim(sb, 'uvx', [...MAC, 'ruff', '--version']);
    // The repair's line comes first, before anything uv says.
    expect(r.stderr.startsWith(`uv-shim: repaired ${ruff}`)).toBe(true);
    expect(repairLogEntries(sb)).toMatchObject([{ file: ruff, status: 'repaired', after: 'ok' }]);
    expect(xattrNames(ruff)).not.toContain(PROVENANCE_XATTR);
    const report = await inspectFile(ruff, { env: sb.env });
    expect(report.slices[0]).toMatchObject({ arch: 'arm64', valid: true, linkerSigned: false });
  });

  it('costs a stat and a lookup on the next run: no macOS reader or repair code loaded, nothing spawned', async () => {
    const { sb } = await installRuff();
    const first = await uvxLoads(sb);
    expect(first.cold.length).toBeGreaterThan(0);
    const tools = toolCalls(sb).length;
    const warm = await uvxLoads(sb);
    expect(warm.cold).toEqual([]);
    expect(warm.stderr).toBe('');
    expect(toolCalls(sb)).toHaveLength(tools);
  });

  it('is left alone when the guard is off', async () => {
    const { sb, ruff } = await installRuff();
    await runShim(sb, 'uvx', [...MAC, 'ruff', '--version'], { env: { ...sb.env, UV_SHIM_GUARD: '0' } });
    expect(repairLogEntries(sb)).toEqual([]);
    expect(xattrNames(ruff)).toContain(PROVENANCE_XATTR);
  });
});
