import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim } from '../helpers/sandbox.js';
import { burnCpuReportingWall, parseTiming, sleepFor, uncontendedRun } from './cpu-load.js';

describe('UV_SHIM_TIMING=1 on a shim run (real uv)', () => {
  it('measures uv and the Python it runs: waiting for a sleep, computing for a loop', async (context) => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_TIMING: '1' };
    const sleeping = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', sleepFor(1.5)], { env });
    expect(sleeping.code, sleeping.stderr).toBe(0);
    expect(sleeping.stderr).toMatch(/^uv-shim timing \(uv run\): wall [\d.]+ s, CPU .*: waiting, not computing/m);
    expect(parseTiming(sleeping.stderr).wall).toBeGreaterThanOrEqual(1.5);

    const attempt = await uncontendedRun(1, () =>
      runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', burnCpuReportingWall(1)], { env }),
    );
    if ('starvedWalls' in attempt) return context.skip(`machine too busy: 1 s of computing took ${attempt.starvedWalls.join(', ')} s`);
    const computing = attempt.run;
    expect(computing.code, computing.stderr).toBe(0);
    expect(computing.stderr).not.toContain('waiting');
    // The loop runs in uv's child: its CPU time is in the measurement.
    expect(parseTiming(computing.stderr).cpu).toBeGreaterThanOrEqual(0.95);
  });

  it('prints nothing without it', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'pass']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('timing');
  });
});
