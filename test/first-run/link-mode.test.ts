import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { REPO_ROOT, run, runShim, type Sandbox } from '../helpers/sandbox.js';
import { regularFilesUnder } from '../helpers/walk.js';
import { macSync, makeMacProject, makeMacWorld, nativeFilesIn, type MacProject } from './native-project.js';

// Inodes of every file under uv's cache of unpacked wheels.
function cacheInodes(sb: Sandbox): Set<number> {
  const bucket = join(sb.env.UV_CACHE_DIR!, 'archive-v0');
  const inodes = new Set<number>();
  for (const file of regularFilesUnder(bucket)) inodes.add(statSync(file).ino);
  return inodes;
}

// What uv passes on to the program it runs is what it saw itself. The
// program is the simulated Mac's interpreter (test/gate/): the project's
// venv (--no-sync), or the uv-managed stand-in (--no-project).
const printLinkMode = (flag: '--no-sync' | '--no-project') => [
  'run', flag, ...(flag === '--no-project' ? ['--managed-python', '-p', REAL_PYTHON_MINOR] : []), 'python', '-c', 'import os; print(os.environ.get("UV_LINK_MODE"))',
];

async function syncAndAsk(world: MacProject, project: string, env: NodeJS.ProcessEnv) {
  const sync = await runShim(world.sb, 'uv', ['sync', ...macSync(world)], { cwd: project, env });
  expect(sync.code, sync.stderr).toBe(0);
  const seen = await runShim(world.sb, 'uv', printLinkMode('--no-sync'), { cwd: project, env });
  expect(seen.code, seen.stderr).toBe(0);
  return { libraries: nativeFilesIn(join(project, '.venv'), 'macho'), uvSaw: seen.stdout.toString().trim() };
}

describe('linkMode "hardlink" reaches uv (real uv, real Mach-O wheels, the exec gate)', () => {
  it('makes uv hardlink libraries from its cache: same inodes in .venv and in the cache', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'linked', { newLibraryThreshold: 1 });
    const { libraries, uvSaw } = await syncAndAsk(world, project, { ...world.env, UV_SHIM_LINK_MODE: 'hardlink' });
    expect(uvSaw).toBe('hardlink');
    expect(libraries.length).toBe(27);
    const inCache = cacheInodes(sb);
    for (const lib of libraries) {
      expect(lib.nlink, relative(project, lib.path)).toBeGreaterThan(1);
      expect(inCache.has(lib.ino), relative(project, lib.path)).toBe(true);
    }
  });

  it('leaves the user\'s own UV_LINK_MODE alone', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'user-env');
    const { libraries, uvSaw } = await syncAndAsk(world, project, { ...world.env, UV_SHIM_LINK_MODE: 'hardlink', UV_LINK_MODE: 'copy' });
    expect(uvSaw).toBe('copy');
    const inCache = cacheInodes(sb);
    expect(libraries.every((l) => l.nlink === 1 && !inCache.has(l.ino))).toBe(true);
  });

  it('leaves a link-mode set in the project\'s [tool.uv] alone', async () => {
    const world = makeMacWorld();
    const project = makeMacProject(world, 'user-config');
    appendFileSync(join(project, 'pyproject.toml'), '\n[tool.uv]\nlink-mode = "copy"\n');
    const { libraries, uvSaw } = await syncAndAsk(world, project, { ...world.env, UV_SHIM_LINK_MODE: 'hardlink' });
    expect(uvSaw).toBe('None');
    expect(libraries.every((l) => l.nlink === 1)).toBe(true);
  });

  it('sets nothing with the default "uv-default", nor off macOS', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'default', { linkMode: 'uv-default' });
    const byDefault = await runShim(sb, 'uv', printLinkMode('--no-project'), { cwd: project, env: world.env });
    expect(byDefault.stdout.toString().trim(), byDefault.stderr).toBe('None');
    const asked: NodeJS.ProcessEnv = { ...world.env, UV_SHIM_LINK_MODE: 'hardlink' };
    const { UV_SHIM_PLATFORM: _unset, ...linux } = asked;
    const onLinux = await runShim(sb, 'uv', printLinkMode('--no-project'), { cwd: project, env: linux });
    expect(onLinux.stdout.toString().trim(), onLinux.stderr).toBe('None');
  });
});

// A uv whose `uv help sync` says it hardlinks on macOS by default: the real
// uv behind a script that answers that one question differently.
function uvThatHardlinks(sb: Sandbox): string {
  const file = join(sb.root, 'uv-hardlinks', 'uv');
  mkdirSync(join(sb.root, 'uv-hardlinks'), { recursive: true });
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'if [ "$1" = help ] && [ "$2" = sync ]; then',
      "  printf '%s\\n' '      --link-mode <LINK_MODE>' '          Defaults to `hardlink` on macOS and Linux, and `hardlink` on Windows.'",
      '  exit 0',
      'fi',
      `exec ${sb.realUv} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

describe('linkMode "hardlink" when uv already hardlinks on macOS by default', () => {
  it('stands aside, and doctor says why', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'aside', { linkMode: 'hardlink' });
    const env = { ...world.env, UV_SHIM_REAL_UV: uvThatHardlinks(sb) };
    const seen = await runShim(sb, 'uv', printLinkMode('--no-project'), { cwd: project, env });
    expect(seen.stdout.toString().trim(), seen.stderr).toBe('None');
    const doctor = await run(process.execPath, [join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js'), 'doctor', '--json'], { cwd: project, env });
    const firstRun = (JSON.parse(doctor.stdout.toString()) as { sections: { id: string; findings: { text: string; data: Record<string, unknown> }[] }[] })
      .sections.find((s) => s.id === 'firstRun')!.findings[0]!;
    expect(firstRun.data).toMatchObject({ linkMode: 'hardlink', uvMacosDefault: 'hardlink', effective: 'uv-default' });
    expect(firstRun.text).toContain('uv already hardlinks on macOS by default');
    // Control: the real uv clones, and the shim asks for hardlinks.
    const control = await runShim(sb, 'uv', printLinkMode('--no-project'), { cwd: project, env: world.env });
    expect(control.stdout.toString().trim(), control.stderr).toBe('hardlink');
  });
});
