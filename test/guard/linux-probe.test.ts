import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { countStarts, makeFakePython, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { REPO_ROOT, run, runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, RUN_MANAGED, toolCalls } from './guard-sandbox.js';

const UV_SHIM = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');

// Linux rules (no UV_SHIM_PLATFORM): the guard probes a cold interpreter
// once, remembers the verdict, and has nothing to repair.
describe.runIf(SIMULATED_MAC)('the guard on Linux', () => {
  it('probes a new interpreter once, then adds no process to later runs', async () => {
    const sb = makeGuardSandbox();
    delete sb.env.UV_SHIM_PLATFORM;
    const fake = makeFakePython(sb.pythons);

    const first = await runShim(sb, 'uv', RUN_MANAGED);
    expect(first.stderr).toBe('');
    expect(first.stdout.toString()).toBe('hello from python\n');
    const afterFirst = countStarts(fake).total;

    const second = await runShim(sb, 'uv', RUN_MANAGED);
    expect(second.code).toBe(0);
    const viaShim = countStarts(fake).total - afterFirst;
    const direct = await runReal(sb, 'uv', RUN_MANAGED);
    expect(direct.code).toBe(0);
    const viaReal = countStarts(fake).total - afterFirst - viaShim;
    // The warm run starts the interpreter exactly as often as uv alone does.
    expect(viaShim).toBe(viaReal);
    // The cold run started it once more than that: the probe.
    expect(afterFirst).toBeGreaterThan(viaReal);
  });

  it('reports a killed interpreter as killed and re-signs nothing', async () => {
    const sb = makeGuardSandbox();
    delete sb.env.UV_SHIM_PLATFORM;
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const check = await run(process.execPath, [UV_SHIM, 'check', '--python', REAL_PYTHON_MINOR, '--json'], { cwd: sb.work, env: sb.env });
    expect(check.code).toBe(1);
    const rows = JSON.parse(check.stdout.toString()) as Array<{ file: string; state: string; cached: boolean; managed: boolean }>;
    expect(rows).toEqual([expect.objectContaining({ file: fake.executable, state: 'killed', cached: false, managed: true })]);
    const shim = await runShim(sb, 'uv', RUN_MANAGED);
    expect(shim.code).toBe(2);
    expect(shim.stderr).toContain('failed with exit status signal: 9 (SIGKILL)');
    expect(toolCalls(sb)).toEqual([]);
  });
});
