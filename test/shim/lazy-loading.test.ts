import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim, type Sandbox } from '../helpers/sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');
const HEAVY = ['execa', 'js-yaml', 'smol-toml', 'lru-cache', 'which', 'kleur'];

// Runs the shim with a module-load recorder preloaded into its Node process
// and returns the npm packages it loaded. NODE_OPTIONS reaches uv and Python
// too, which ignore it.
async function packagesLoaded(sb: Sandbox, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', args, {
    env: { ...sb.env, ...extraEnv, NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log },
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []));
  return { r, lines, packages };
}

describe('the everyday path stays light', () => {
  it('loads no npm package for `uv --version` with no config file', async () => {
    const sb = makeSandbox();
    const { r, lines, packages } = await packagesLoaded(sb, ['--version']);
    expect(r.code).toBe(0);
    // The recorder saw the shim itself load (it works), and nothing heavy.
    expect(lines.some((l) => l.includes('dist/launch/shim.cjs'))).toBe(true);
    expect([...packages]).toEqual([]);
  });

  it('loads execa once a trusted config file with a hook exists (the recorder can see it)', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: ['true'] } }));
    const { r, packages } = await packagesLoaded(sb, ['--version'], { UV_SHIM_TRUST_PROJECT_CONFIG: '1' });
    expect(r.code).toBe(0);
    expect(packages.has('execa')).toBe(true);
  });

  it('loads only kleur, for its messages, when UV_SHIM_LOG=debug', async () => {
    const sb = makeSandbox();
    const { r, packages } = await packagesLoaded(sb, ['--version'], { UV_SHIM_LOG: 'debug' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('resolve real uv');
    expect([...packages].filter((p) => HEAVY.includes(p))).toEqual(['kleur']);
  });
});
