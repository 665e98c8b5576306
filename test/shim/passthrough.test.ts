import { describe, expect, it } from 'vitest';
import { makeSandbox, runReal, runShim } from '../helpers/sandbox.js';

describe('the shim in front of the real uv', () => {
  it('prints exactly what `uv --version` prints', async () => {
    const sb = makeSandbox();
    const [viaShim, direct] = await Promise.all([runShim(sb, 'uv', ['--version']), runReal(sb, 'uv', ['--version'])]);
    expect(direct.code).toBe(0);
    expect(viaShim.code).toBe(0);
    expect(viaShim.stdout.equals(direct.stdout)).toBe(true);
    expect(viaShim.stderr).toBe('');
  });

  it('passes an exit code from the Python under `uv run` through exactly', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'raise SystemExit(7)']);
    expect(r.stderr).not.toContain('uv-shim');
    expect(r.code).toBe(7);
  });
});
