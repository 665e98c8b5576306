import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { countStarts, makeFakePython, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { REPO_ROOT, run, runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, RUN_MANAGED, toolCalls } from './guard-sandbox.js';

const UV_SHIM = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');

// Linux rules (no UV_SHIM_PLATFORM): nothing to repair, so the guard does
// not run before uv; whether an interpreter dies of SIGKILL is asked after
// uv's exit 2 only, for the explanation.
describe.runIf(SIMULATED_MAC)('the guard on Linux', () => {
  it('starts no interpreter before uv, on a cold run or a warm one', async () => {
    const viaShim = makeGuardSandbox();
    delete viaShim.env.UV_SHIM_PLATFORM;
    const shimFake = makeFakePython(viaShim.pythons);
    const direct = makeGuardSandbox();
    delete direct.env.UV_SHIM_PLATFORM;
    const directFake = makeFakePython(direct.pythons);

    for (const round of ['cold', 'warm']) {
      const shim = await runShim(viaShim, 'uv', RUN_MANAGED);
      expect(shim.stderr, round).toBe('');
      expect(shim.stdout.toString()).toBe('hello from python\n');
      expect((await runReal(direct, 'uv', RUN_MANAGED)).code).toBe(0);
      // The same starts as uv alone makes, in a twin sandbox: no probe.
      expect(countStarts(shimFake).total, round).toBe(countStarts(directFake).total);
    }
    expect(existsSync(join(viaShim.shimCache, 'verdicts.json'))).toBe(false);
  });

  it('after uv fails to query a killed interpreter, names it and re-signs nothing', async () => {
    const sb = makeGuardSandbox();
    delete sb.env.UV_SHIM_PLATFORM;
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const shim = await runShim(sb, 'uv', RUN_MANAGED);
    expect(shim.code).toBe(2);
    expect(shim.stderr).toContain('failed with exit status signal: 9 (SIGKILL)');
    // Checked after the exit: the probe saw the kill, and the explanation says so.
    expect(shim.stderr).toContain('uv-shim: uv exited with 2: it could not query a Python interpreter: the Python it asked is killed by SIGKILL as it starts.');
    expect(shim.stderr).toContain(`file:      ${fake.executable}`);
    const check = await run(process.execPath, [UV_SHIM, 'check', '--python', REAL_PYTHON_MINOR, '--json'], { cwd: sb.work, env: sb.env });
    expect(check.code).toBe(1);
    const rows = JSON.parse(check.stdout.toString()) as Array<{ file: string; state: string; cached: boolean; managed: boolean }>;
    expect(rows).toEqual([expect.objectContaining({ file: fake.executable, state: 'killed', managed: true })]);
    expect(toolCalls(sb)).toEqual([]);
  });
});
