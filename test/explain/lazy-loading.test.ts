import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim } from '../helpers/sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');

// The modules the shim's Node process loaded (one per line, from the
// recorder preloaded through UV_SHIM_NODE_OPTIONS).
async function modulesLoaded(args: string[]) {
  const sb = makeSandbox();
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', args, { env: { ...sb.env, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log } });
  return { r, lines: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('the explanation stays out of the everyday path', () => {
  it('loads no explaining code and no kleur for a command that exits normally', async () => {
    const { r, lines } = await modulesLoaded(['cache', 'dir']);
    expect(r.code).toBe(0);
    expect(lines.some((l) => /dist\/launch[^/]*\/shim\.cjs$/.test(l))).toBe(true);
    expect(lines.filter((l) => /explain-exit|\/kleur\//.test(l))).toEqual([]);
  });

  it('loads it after a SIGKILL (so the recorder can see it)', async () => {
    const { r, lines } = await modulesLoaded(['run', '--no-project', 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)']);
    expect(r.code).toBe(137);
    expect(lines.some((l) => /explain-exit/.test(l))).toBe(true);
  });
});
