import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, run, runShim } from '../../helpers/sandbox.js';
import { macSync, makeMacProject, makeMacWorld, nativeFilesIn } from '../../first-run/native-project.js';

const CLI = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');

function section(stdout: string): string[] {
  const start = stdout.indexOf('First run after sync:\n');
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  return stdout.slice(start).split('\n\n')[0]!.split('\n').slice(1).filter((l) => l !== '');
}

// The simulated Mac (test/gate/): the project's interpreter is the exec
// gate's stand-in, its libraries real Mach-O files from real macOS wheels.
describe('uv-shim doctor: the first-run section', () => {
  it('shows the link mode in effect and the last count for the synced environment', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'shown', { newLibraryMachOOnly: false, newLibraryThreshold: 50 });
    const env = { ...world.env, UV_LINK_MODE: 'copy' };
    const before = await run(process.execPath, [CLI, 'doctor'], { cwd: project, env });
    expect(section(before.stdout.toString())).toEqual([
      '  link mode: the user\'s (UV_LINK_MODE=copy); linkMode "uv-default" leaves it alone',
      '  no environment counted yet (counted after uv sync, uv add, uv pip install, …)',
    ]);

    const sync = await runShim(sb, 'uv', ['sync', ...macSync(world)], { cwd: project, env });
    expect(sync.code, sync.stderr).toBe(0);
    const n = nativeFilesIn(join(project, '.venv'), 'macho').length;
    expect(n).toBeGreaterThan(0);
    const after = await run(process.execPath, [CLI, 'doctor'], { cwd: project, env: { ...env, UV_SHIM_LINK_MODE: 'hardlink', UV_LINK_MODE: '' } });
    const lines = section(after.stdout.toString());
    expect(lines[0]).toBe('  link mode: hardlink (linkMode "hardlink": the shim sets UV_LINK_MODE=hardlink for uv)');
    expect(lines[1]).toBe('  last counts (warning from 50 new libraries):');
    expect(lines[2]).toMatch(new RegExp(`^    ${join(project, '.venv')}: ${n} native, ${n} not shared with uv's cache, ${n} new \\(\\d{4}-`));
  });
});
