import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { resignedLocally, makeFakePython, rejectCurrentIdentity } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, RUN_MANAGED, toolCalls } from './guard-sandbox.js';

const RUNS = 8;

// Many uv commands started at once (a Makefile, a test matrix) meet the same
// killed interpreter: one shim repairs it, the others wait and reuse that.
describe.runIf(SIMULATED_MAC)('concurrent shims', () => {
  it(`repair a killed interpreter once across ${RUNS} simultaneous runs`, async () => {
    const sb = makeGuardSandbox();
    // Killed by identity, with no xattr to strip: the file stays the same
    // (and killed) until codesign, held for a second, is done with it, so
    // every shim that starts meanwhile finds it killed.
    const fake = makeFakePython(sb.pythons);
    rejectCurrentIdentity(fake);
    sb.env.UV_SHIM_TEST_TOOL_DELAY = '1';

    const results = await Promise.all(Array.from({ length: RUNS }, () => runShim(sb, 'uv', RUN_MANAGED)));
    for (const r of results) {
      expect(r.stderr.split('\n').filter((l) => l.includes('uv-shim') && !l.includes('repaired'))).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe('hello from python\n');
    }
    expect(results.filter((r) => r.stderr.includes('repaired'))).toHaveLength(1);
    expect(repairLogEntries(sb)).toHaveLength(1);
    expect(toolCalls(sb).filter((c) => c.includes('--sign'))).toHaveLength(1);
    expect(resignedLocally(fake.executable)).toBe(true);
  });
});
