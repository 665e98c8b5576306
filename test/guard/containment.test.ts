import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { resignedLocally, makeFakePython, makeFakePythonFile, PROVENANCE_XATTR, REAL_PYTHON_MINOR, REAL_PYTHON_VERSION, xattrNames } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls } from './guard-sandbox.js';

// A symlink must never carry a re-sign out of the trees the shim may touch.
describe.runIf(SIMULATED_MAC)('repairs stay inside the allowed trees', () => {
  it('never re-signs the target of a project .venv python that points outside', async () => {
    const sb = makeGuardSandbox();
    const outside = join(sb.root, 'elsewhere');
    mkdirSync(outside);
    const target = makeFakePythonFile(join(outside, 'python3.11'), join(outside, 'starts.log'), { provenance: true });
    const venv = join(sb.work, '.venv');
    mkdirSync(join(venv, 'bin'), { recursive: true });
    writeFileSync(join(venv, 'pyvenv.cfg'), `home = ${outside}\nversion_info = ${REAL_PYTHON_VERSION}\n`);
    symlinkSync(target, join(venv, 'bin', 'python'));
    writeFileSync(join(sb.work, 'pyproject.toml'), '[project]\nname = "p"\nversion = "0"\nrequires-python = ">=3.11"\n');

    const r = await runShim(sb, 'uv', ['run', 'python', '-c', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SIGKILL');
    expect(r.stderr).toContain(`${target} lies outside uv's managed Python dir`);
    // Reading its signature (the post-mortem does) is fine; signing is not.
    expect(toolCalls(sb).filter((c) => c.includes(target) && c.includes('--sign'))).toEqual([]);
    expect(xattrNames(target)).toContain(PROVENANCE_XATTR);
    expect(resignedLocally(target)).toBe(false);
    expect(repairLogEntries(sb)).toEqual([]);
  });

  it('never follows a link inside uv\'s Python dir out of it', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    const outside = join(sb.root, 'elsewhere');
    mkdirSync(outside);
    const target = makeFakePythonFile(join(outside, 'python3.11'), join(outside, 'starts.log'), { provenance: true });
    // The installation's real-looking executable is a link to a file outside.
    rmSync(fake.executable);
    symlinkSync(target, fake.executable);

    const r = await runShim(sb, 'uv', ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('outside');
    expect(toolCalls(sb).filter((c) => c.includes('--sign'))).toEqual([]);
    expect(resignedLocally(target)).toBe(false);
  });

  it('does touch the same file once its tree is in repairAllow', async () => {
    const sb = makeGuardSandbox();
    const outside = join(sb.root, 'elsewhere');
    mkdirSync(outside);
    const target = makeFakePythonFile(join(outside, 'python3.11'), join(outside, 'starts.log'), { provenance: true });
    sb.env.UV_PYTHON = target;
    mkdirSync(join(sb.env.XDG_CONFIG_HOME!, 'uv-shim'), { recursive: true });
    writeFileSync(join(sb.env.XDG_CONFIG_HOME!, 'uv-shim', 'config.toml'), `repairAllow = ["${outside}"]\n`);

    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'print(2)']);
    expect(r.stderr).toContain('repaired');
    expect(r.code).toBe(0);
    expect(resignedLocally(target)).toBe(true);
  });
});
