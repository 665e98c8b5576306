import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countStarts, makeFakePython } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox } from './guard-sandbox.js';

// The guard starts only interpreters the command itself will start: none
// for `uv version`, and never the `home` interpreter a pyvenv.cfg names
// (uv runs the environment's bin/python, not its base).
describe('the guard starts only what uv starts', () => {
  it('uv version starts nothing; uv run never starts the pyvenv.cfg home interpreter', async () => {
    const sb = makeGuardSandbox();
    const project = join(sb.work, 'proj');
    mkdirSync(project);
    writeFileSync(join(project, 'pyproject.toml'), '[project]\nname = "proj"\nversion = "0"\n');
    expect((await runReal(sb, 'uv', ['sync', '--offline'], { cwd: project })).code).toBe(0);
    // Stand-in interpreters that log each start: the environment's python
    // (linked where uv links it for a managed Python) and, named as the
    // base by pyvenv.cfg, another one.
    const inEnv = makeFakePython(sb.pythons);
    rmSync(join(project, '.venv', 'bin', 'python'));
    symlinkSync(inEnv.executable, join(project, '.venv', 'bin', 'python'));
    const home = makeFakePython(join(sb.root, 'elsewhere'));
    const cfg = join(project, '.venv', 'pyvenv.cfg');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^home = .*$/m, `home = ${join(home.root, 'bin')}`));

    const version = await runShim(sb, 'uv', ['version'], { cwd: project });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.toString()).toBe('proj 0\n');
    expect(countStarts(inEnv).total).toBe(0);
    const run = await runShim(sb, 'uv', ['run', '--no-sync', 'python', '-c', 'print("ran")'], { cwd: project });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.toString()).toBe('ran\n');
    expect(countStarts(inEnv).total).toBeGreaterThan(0);
    expect(countStarts(home).total).toBe(0);
  });
});
