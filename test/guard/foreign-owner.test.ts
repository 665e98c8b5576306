import { execFileSync } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFakePython, PROVENANCE_XATTR, resignedLocally, xattrNames } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { cannotSwitchUser, NOBODY_UID } from '../helpers/second-user.js';
import { makeGuardSandbox, RUN_MANAGED, toolCalls } from './guard-sandbox.js';

const noSecondUser = cannotSwitchUser();
if (noSecondUser) console.warn(`skipping the foreign-owner repair tests: ${noSecondUser}`);

// Issue 10: the shim runs as root in CI images and under sudo. A
// uv-managed Python that belongs to another user (here `nobody`, a real
// account) is theirs: root re-signing it would change their files.
describe.skipIf(noSecondUser !== null)("another user's interpreter (root runs the shim)", () => {
  it('is not repaired: skipped with the reason, nothing signed, its bytes and xattrs as they were', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    execFileSync('chown', ['-R', `${NOBODY_UID}:${NOBODY_UID}`, fake.root]);
    const before = readFileSync(fake.executable);
    const r = await runShim(sb, 'uv', RUN_MANAGED);
    expect(r.stderr).toContain(`${fake.executable} (via ${join(fake.root, 'bin', 'python3')}): `);
    expect(r.stderr).toContain(`not repaired: it belongs to another user (uid ${NOBODY_UID}); uv-shim does not change another user's files.`);
    expect(toolCalls(sb).filter((c) => c.includes('--sign'))).toEqual([]);
    expect(readFileSync(fake.executable).equals(before)).toBe(true);
    expect(xattrNames(fake.executable)).toContain(PROVENANCE_XATTR);
    expect(resignedLocally(fake.executable)).toBe(false);
  });

  it('a root-owned file in a directory of theirs is not repaired either: the directory is named', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    chownSync(join(fake.root, 'bin'), NOBODY_UID, NOBODY_UID);
    const r = await runShim(sb, 'uv', RUN_MANAGED);
    expect(r.stderr).toContain(`not repaired: ${join(fake.root, 'bin')} belongs to another user (uid ${NOBODY_UID})`);
    expect(toolCalls(sb).filter((c) => c.includes('--sign'))).toEqual([]);
  });

  it('the same interpreter, owned by root: repaired (the control)', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const r = await runShim(sb, 'uv', RUN_MANAGED);
    expect(r.code, r.stderr).toBe(0);
    expect(resignedLocally(fake.executable)).toBe(true);
  });
});
