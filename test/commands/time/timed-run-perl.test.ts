import { describe, expect, inject, it } from 'vitest';
import { runTimed } from '../../../src/commands/time/timed-run.js';
import { burnCpu, sleepFor } from '../../first-run/cpu-load.js';

const PY = inject('python').executable;
const options = { env: { PATH: '/usr/bin:/bin' }, cwd: '/', method: 'perl' as const };

// The macOS measurement (perl's times() after waiting for the command), run
// here against the same commands as the /proc one.
describe('the perl wrapper that measures the child tree where there is no /proc', () => {
  it('sees no CPU time in a sleep and all of it in a computation, grandchildren included', async () => {
    const sleep = await runTimed(PY, ['-c', sleepFor(1)], options);
    expect(sleep.result).toEqual({ code: 0, signal: null });
    expect(sleep.wallMs).toBeGreaterThanOrEqual(1000);
    expect(sleep.cpu.userMs + sleep.cpu.sysMs).toBeLessThan(400);

    const script = `${PY} -c '${burnCpu(0.6)}' & ${PY} -c '${burnCpu(0.6)}'; wait`;
    const tree = await runTimed('sh', ['-c', script], options);
    expect(tree.result).toEqual({ code: 0, signal: null });
    expect(tree.cpu.userMs + tree.cpu.sysMs).toBeGreaterThanOrEqual(1150);
  });

  it('reports the command\'s exit code and signal, and a command that cannot start', async () => {
    expect((await runTimed('sh', ['-c', 'exit 3'], options)).result).toEqual({ code: 3, signal: null });
    expect((await runTimed('sh', ['-c', 'kill -TERM $$'], options)).result).toEqual({ code: null, signal: 'SIGTERM' });
    expect((await runTimed('no-such-command-here', [], options)).result).toEqual({ code: 127, signal: null });
  });
});
