import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uvShim } from '../helpers/cli.js';
import { makeFakePython } from '../helpers/fake-python.js';
import { makeSandbox } from '../helpers/sandbox.js';

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
