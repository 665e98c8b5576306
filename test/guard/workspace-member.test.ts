import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { uvShim } from '../helpers/cli.js';
import { addProvenance, countStarts, makeFakePython, resignedLocally } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, type GuardSandbox } from './guard-sandbox.js';

// uv's workspace layout: the root declares the members, the environment is
// the root's .venv, and commands run from a member directory use it.
function workspace(sb: GuardSandbox) {
  const root = join(sb.work, 'ws');
  const member = join(root, 'packages', 'a');
  mkdirSync(member, { recursive: true });
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "root"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
  writeFileSync(join(member, 'pyproject.toml'), '[project]\nname = "a"\nversion = "0"\n');
  return { root, member };
}

// uv links .venv/bin/python to the interpreter's own sys.executable: for a
// real managed Python, the file in uv's Python dir. The stand-in hands over
// to the system Python, which names itself, so the link is put where uv
// puts it for a real managed Python.
async function syncWithManagedPython(sb: GuardSandbox, root: string, member: string, executable: string) {
  expect((await runReal(sb, 'uv', ['sync', '--offline', '--managed-python'], { cwd: member })).code).toBe(0);
  const link = join(root, '.venv', 'bin', 'python');
  rmSync(link);
  symlinkSync(executable, link);
}

const RUN = ['run', '--no-sync', 'python', '-c', 'print("hello from a member")'];

// Under simulated macOS, the interpreter `uv run` uses in a workspace
// member is the root .venv's, whose python links to a uv-managed Python.
// The guard must find it from packages/a, check it, and repair it.
describe.runIf(SIMULATED_MAC)('the guard in a workspace member', () => {
  it('checks and repairs the interpreter uv run uses from packages/a', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    const { root, member } = workspace(sb);
    // The environment uv itself makes, with the managed Python, while macOS still lets it run.
    await syncWithManagedPython(sb, root, member, fake.executable);
    expect(realpathSync(join(root, '.venv', 'bin', 'python'))).toBe(fake.executable);
    // Then it turns bad, as after a download macOS tagged.
    addProvenance(fake.executable);

    const direct = await runReal(sb, 'uv', RUN, { cwd: member });
    expect(direct.code === 0 && direct.signal === null).toBe(false);
    const killedBefore = countStarts(fake).killed;
    expect(killedBefore).toBeGreaterThan(0);

    const check = await uvShim({ ...sb, work: member }, ['check', '--json']);
    const rows = JSON.parse(check.stdout.toString()) as Array<{ file: string; state: string; source: string }>;
    expect(rows).toEqual([expect.objectContaining({ file: fake.executable, state: 'killed', source: 'project-venv' })]);
    expect(check.code).toBe(1);
    const doctor = await uvShim({ ...sb, work: member }, ['doctor']);
    expect(doctor.stdout.toString()).toContain(
      `here, uv run: project ${member} (workspace ${root}), environment ${join(root, '.venv')}; starts ${join(root, '.venv', 'bin', 'python')}`,
    );

    const shim = await runShim(sb, 'uv', RUN, { cwd: member });
    expect(shim.code, shim.stderr).toBe(0);
    expect(shim.stdout.toString()).toBe('hello from a member\n');
    expect(repairLogEntries(sb)).toMatchObject([{ file: fake.executable, status: 'repaired' }]);
    expect(resignedLocally(fake.executable)).toBe(true);
  });

  it('with repairs off, checks it and leaves it alone', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    const { root, member } = workspace(sb);
    await syncWithManagedPython(sb, root, member, fake.executable);
    addProvenance(fake.executable);
    const shim = await runShim(sb, 'uv', RUN, { cwd: member, env: { ...sb.env, UV_SHIM_REPAIR: 'off' } });
    expect(shim.code === 0 && shim.signal === null).toBe(false);
    expect(shim.stderr).toContain(`${fake.executable} (via ${join(root, '.venv', 'bin', 'python')}): the system kills it`);
    expect(repairLogEntries(sb)).toEqual([]);
    expect(resignedLocally(fake.executable)).toBe(false);
  });
});
