import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFakePython } from '../helpers/fake-python.js';
import { runShim, type Sandbox } from '../helpers/sandbox.js';
import { makeGuardSandbox } from '../guard/guard-sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');

// Each first-run built-in is its own chunk of the launcher's bundle (a
// dynamic import), named after its module.
const CHUNKS = {
  'link mode': /\/dist\/launch\/link-mode-hook-[^/]*\.cjs$/,
  'first-run library count': /\/dist\/launch\/count-hook-[^/]*\.cjs$/,
  timing: /\/dist\/launch\/timing-hook-[^/]*\.cjs$/,
};

// Runs the shim with the module-load recorder preloaded (through
// UV_SHIM_NODE_OPTIONS: the launcher keeps the caller's NODE_OPTIONS for uv)
// and returns which of the first-run built-ins its Node process loaded, in
// CHUNKS order.
async function hooksLoaded(sb: Sandbox, args: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', args, { env: { ...env, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log } });
  expect(r.code, r.stderr).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  // The recorder saw the shim's own bundle: it works in this process.
  expect(lines.some((l) => l.endsWith('/dist/launch/shim.cjs'))).toBe(true);
  return Object.entries(CHUNKS).filter(([, chunk]) => lines.some((l) => chunk.test(l))).map(([name]) => name);
}

// The interpreter uv is pointed at is the simulated Mac's (test/gate/).
function macWorld() {
  const sb = makeGuardSandbox();
  const { UV_SHIM_PLATFORM: _darwin, ...linux } = sb.env;
  return { sb, python: makeFakePython(sb.pythons).executable, mac: sb.env, linux };
}

describe('the first-run hooks stay off the everyday path', () => {
  it('loads none of them for a command that writes no environment, even on macOS with the link mode set', async () => {
    const { sb, python, mac } = macWorld();
    expect(await hooksLoaded(sb, ['pip', 'list', '--python', python], mac)).toEqual([]);
    expect(await hooksLoaded(sb, ['--version'], { ...mac, UV_SHIM_LINK_MODE: 'hardlink' })).toEqual([]);
  });

  it('loads the count for `uv venv` on macOS only, the link mode only when asked, timing only with UV_SHIM_TIMING', async () => {
    const { sb, python, mac, linux } = macWorld();
    expect(await hooksLoaded(sb, ['venv', 'a', '--python', python], { ...linux, UV_SHIM_LINK_MODE: 'hardlink' })).toEqual([]);
    expect(await hooksLoaded(sb, ['venv', 'b', '--python', python], mac)).toEqual(['first-run library count']);
    const everything = { ...mac, UV_SHIM_LINK_MODE: 'hardlink', UV_SHIM_TIMING: '1' };
    expect(await hooksLoaded(sb, ['venv', 'c', '--python', python], everything)).toEqual(['link mode', 'first-run library count', 'timing']);
  });
});
