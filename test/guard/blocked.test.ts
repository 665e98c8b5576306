import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { GATE_PY, gateStateDir } from '../gate/paths.js';
import { makeFakePython, PROVENANCE_XATTR, REAL_PYTHON, rejectCurrentIdentity, xattrNames } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, RUN_MANAGED, toolCalls, type GuardSandbox } from './guard-sandbox.js';

const signCalls = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.includes('--sign')).length;

// The run after a failed repair: uv still fails, and the shim neither signs
// again, nor logs again, nor says `told` again.
async function expectNoSecondAttempt(sb: GuardSandbox, told: string): Promise<void> {
  const second = await runShim(sb, 'uv', RUN_MANAGED);
  expect(second.code).toBe(2);
  expect(second.stderr).not.toContain(told);
  expect(signCalls(sb)).toBe(1);
  expect(repairLogEntries(sb)).toHaveLength(1);
}

// Repairs that cannot work are said once, logged, and not tried again for
// the same file version. Both interpreters are killed by their code
// identity (the exec gate's rejected CDHashes), so nothing but a re-sign
// the system accepts changes their fate.
describe.runIf(SIMULATED_MAC)('a repair that fails', () => {
  it('when codesign is refused (a managed Mac): told once, marked, not retried', async () => {
    const sb = makeGuardSandbox();
    sb.env.UV_SHIM_TEST_CODESIGN_BLOCK = '1';
    const fake = makeFakePython(sb.pythons);
    rejectCurrentIdentity(fake);

    const first = await runShim(sb, 'uv', RUN_MANAGED);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('SIGKILL');
    expect(first.stderr.match(/could not repair/g)).toHaveLength(1);
    expect(first.stderr).toContain('Operation not permitted');
    const log = repairLogEntries(sb);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ file: fake.executable, status: 'blocked' });
    expect(signCalls(sb)).toBe(1);
    await expectNoSecondAttempt(sb, 'could not repair');
  });

  it('when the re-sign does not stop the kills: reported, not repeated in a loop', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    rejectCurrentIdentity(fake);
    // codesign succeeds, and the "system" refuses the re-signed file too.
    const refuseAgain = join(sb.root, 'codesign-then-refuse');
    writeFileSync(
      refuseAgain,
      [
        '#!/bin/sh',
        `"${sb.env.UV_SHIM_CODESIGN}" "$@" || exit $?`,
        'for last; do :; done',
        // The system's policy rejects the new code identity as well.
        `${REAL_PYTHON} -I -S '${GATE_PY}' identity "$last" | ${REAL_PYTHON} -c 'import json,sys; print(json.load(sys.stdin)["cdhash"])' >> '${join(gateStateDir(fake.home), 'rejected')}'`,
        '',
      ].join('\n'),
    );
    chmodSync(refuseAgain, 0o755);
    sb.env.UV_SHIM_CODESIGN = refuseAgain;

    const first = await runShim(sb, 'uv', RUN_MANAGED);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('did not help');
    expect(repairLogEntries(sb)).toHaveLength(1);
    expect(repairLogEntries(sb)[0]).toMatchObject({ status: 'did-not-help' });
    expect(signCalls(sb)).toBe(1);
    await expectNoSecondAttempt(sb, 'did not help');
  });

  // Reported bug: codesign refused and the xattr removal worked; stderr and
  // repairs.log told different stories about different files. Under the
  // exec gate (uv 16726) the removal alone no longer makes the interpreter
  // run: macOS remembers the rejected CDHash. Both must now say so alike.
  it('when only the xattr removal worked: still killed, and stderr and repairs.log tell the same story about the same file', async () => {
    const sb = makeGuardSandbox();
    sb.env.UV_SHIM_TEST_CODESIGN_BLOCK = '1';
    const fake = makeFakePython(sb.pythons, { provenance: true });

    const first = await runShim(sb, 'uv', RUN_MANAGED);
    expect(first.code).toBe(2);
    expect(xattrNames(fake.executable)).not.toContain(PROVENANCE_XATTR);
    const [entry, ...more] = repairLogEntries(sb);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ file: fake.executable, before: 'killed', after: 'killed' });
    expect(entry!.status).not.toBe('repaired');
    expect((entry!.steps as Array<{ tool: string; result: string }>).map((s) => [s.tool, s.result])).toEqual([['xattr', 'ok'], ['codesign', 'refused']]);
    const said = first.stderr.split('\n').filter((l) => l.startsWith('uv-shim:') && l.includes('repair'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`could not repair ${fake.executable} (via `);
    expect(said[0]).toContain('removed com.apple.provenance; codesign was refused (');
    expect(said[0]).toContain('Operation not permitted');
    expect(said[0]).not.toContain('re-signed');
    expect(first.stderr).toContain('Removing com.apple.provenance alone does not help');
  });
});
