import { describe, expect, inject, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { countStarts, makeFakePython, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls } from './guard-sandbox.js';

// The report's own reproduction, `uvx TOOL`, with a tool fetched from the
// package index this machine's pip uses.
describe.runIf(SIMULATED_MAC)('uvx with an interpreter macOS kills', () => {
  it('fails with the real uvx and runs through the shim, then stays warm', async () => {
    const sb = makeGuardSandbox();
    Object.assign(sb.env, inject('uvIndexEnv'));
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const args = ['--managed-python', '-p', REAL_PYTHON_MINOR, 'pycowsay', 'moo'];

    const direct = await runReal(sb, 'uvx', args);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toContain(`Querying Python at \`${fake.executable}\` failed with exit status signal: 9 (SIGKILL)`);

    const shim = await runShim(sb, 'uvx', args);
    expect(shim.code).toBe(0);
    expect(shim.stdout.toString()).toContain('< moo >');
    expect(repairLogEntries(sb)).toHaveLength(1);

    const calls = toolCalls(sb).length;
    const before = countStarts(fake).total;
    expect((await runShim(sb, 'uvx', args)).code).toBe(0);
    const viaShim = countStarts(fake).total - before;
    expect((await runReal(sb, 'uvx', args)).code).toBe(0);
    expect(countStarts(fake).total - before - viaShim).toBe(viaShim);
    expect(toolCalls(sb)).toHaveLength(calls);
  });
});
