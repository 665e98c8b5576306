import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listCounts, readCount, writeCount } from '../../src/first-run/count-store.js';
import { expectedCost } from '../../src/first-run/cost.js';
import { userLinkModeChoice } from '../../src/first-run/link-mode-choice.js';
import { environmentOf } from '../../src/first-run/locate-environment.js';
import { toolEnvName } from '../../src/uv/tool-name.js';
import { findNativeFiles } from '../../src/first-run/native-files.js';
import { isWaiting } from '../../src/first-run/timing-report.js';
import { writesEnvironment } from '../../src/uv/writes-environment.js';
import { parseUvCommand } from '../../src/uv/command.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-first-run-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const uv = (...args: string[]) => parseUvCommand('uv', args);

// The first 64 bytes (the ELF header) of the node binary running this test.
function elfHead(): Buffer {
  const head = Buffer.alloc(64);
  const fd = openSync(process.execPath, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

describe('which commands write an environment', () => {
  it.each([
    [['sync'], true],
    [['sync', '--frozen'], true],
    [['--directory', 'x', 'add', 'numpy'], true],
    [['remove', 'numpy'], true],
    [['pip', 'install', '-r', 'req.txt'], true],
    [['pip', 'sync', 'req.txt'], true],
    [['venv'], true],
    [['tool', 'install', 'ruff'], true],
    [['run', 'python', 'x.py'], true],
    [['run', '--no-sync', 'python'], false],
    [['run', '--no-project', 'python'], false],
    [['pip', 'list'], false],
    [['lock'], false],
    [['tool', 'run', 'ruff'], false],
    [['--version'], false],
  ])('uv %j → %s', (args, expected) => {
    expect(writesEnvironment(uv(...args))).toBe(expected);
  });
});

describe('the environment a command writes', () => {
  it('finds the project .venv from a subdirectory, a --target, a tool dir and UV_PROJECT_ENVIRONMENT', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "p"\n');
    mkdirSync(join(root, 'src', 'p'), { recursive: true });
    const env = { HOME: '/home/u' };
    expect(await environmentOf({ command: uv('sync'), cwd: join(root, 'src', 'p'), env: env })).toBe(join(root, '.venv'));
    expect(await environmentOf({ command: uv('sync'), cwd: root, env: { ...env, UV_PROJECT_ENVIRONMENT: 'envs/dev' } })).toBe(join(root, 'envs', 'dev'));
    expect(await environmentOf({ command: uv('pip', 'install', '--target', 't', 'x'), cwd: root, env: env })).toBe(join(root, 't'));
    expect(await environmentOf({ command: uv('pip', 'install', '--system', 'x'), cwd: root, env: env })).toBeUndefined();
    expect(await environmentOf({ command: uv('tool', 'install', 'Black[d]==24.1'), cwd: root, env: env })).toBe('/home/u/.local/share/uv/tools/black');
    expect(toolEnvName('Jupyter_Core>=5')).toBe('jupyter-core');
    expect(toolEnvName('--weird')).toBeNull();
  });

  it('puts a workspace member\'s environment at the workspace root', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'pyproject.toml'), '[tool.uv.workspace]\nmembers = ["packages/*"]\n');
    mkdirSync(join(root, 'packages', 'a'), { recursive: true });
    writeFileSync(join(root, 'packages', 'a', 'pyproject.toml'), '[project]\nname = "a"\n');
    expect(await environmentOf({ command: uv('sync'), cwd: join(root, 'packages', 'a'), env: {} })).toBe(join(root, '.venv'));
  });
});

describe('finding native files by magic', () => {
  it('counts Mach-O and (when asked) ELF by content, never by name, and never follows a symlink', () => {
    const env = tempDir();
    const pkg = join(env, 'lib', 'python3.11', 'site-packages', 'pkg');
    mkdirSync(pkg, { recursive: true });
    // A 64-bit Mach-O header with no extension, a text file posing as a library.
    writeFileSync(join(pkg, 'engine'), Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]));
    writeFileSync(join(pkg, 'fake.so'), 'not a library\n');
    // The head of a real ELF file (the node running this test): the count
    // decides by the first bytes alone.
    writeFileSync(join(pkg, 'elf-copy'), elfHead());
    // A link out of the environment to a binary elsewhere: not ours to count.
    symlinkSync(process.execPath, join(pkg, 'linked.so'));
    symlinkSync('/usr/lib', join(env, 'lib64'));

    const machO = findNativeFiles(env, true);
    expect(machO.map((f) => f.inTree)).toEqual(['pkg/engine']);
    const both = findNativeFiles(env, false).map((f) => f.inTree).sort();
    expect(both).toEqual(['pkg/elf-copy', 'pkg/engine']);
  });
});

describe('the per-environment count records', () => {
  it('round-trips, lists newest first, and leaves no temporary files behind', () => {
    const cache = tempDir();
    const base = { nativeFiles: 3, unshared: 2, newUnshared: 2, inodes: ['1:2:3'] };
    writeCount(cache, { ...base, environment: '/p/a/.venv', countedAt: '2026-01-01T00:00:00.000Z' });
    writeCount(cache, { ...base, environment: '/p/b/.venv', countedAt: '2026-01-02T00:00:00.000Z' });
    writeCount(cache, { ...base, environment: '/p/a/.venv', countedAt: '2026-01-03T00:00:00.000Z', newUnshared: 0 });
    expect(readCount(cache, '/p/a/.venv')).toMatchObject({ newUnshared: 0, countedAt: '2026-01-03T00:00:00.000Z' });
    expect(readCount(cache, '/p/c/.venv')).toBeUndefined();
    expect(listCounts(cache).map((c) => c.environment)).toEqual(['/p/a/.venv', '/p/b/.venv']);
    expect(readdirSync(join(cache, 'first-run')).filter((n) => !n.endsWith('.json'))).toEqual([]);
  });

  it('reads a corrupt record as never counted', () => {
    const cache = tempDir();
    writeCount(cache, { environment: '/p/.venv', countedAt: 'x', nativeFiles: 0, unshared: 0, newUnshared: 0, inodes: [] });
    const [name] = readdirSync(join(cache, 'first-run'));
    writeFileSync(join(cache, 'first-run', name!), '{"version": 1, "environ');
    expect(readCount(cache, '/p/.venv')).toBeUndefined();
    expect(listCounts(cache)).toEqual([]);
  });
});

describe('the figures from uv issue 17371', () => {
  it('expects 17–52 s for the reporter\'s 344 libraries', () => {
    expect(expectedCost(344)).toBe('17–52 s');
    expect(expectedCost(1)).toBe('0.05–0.15 s');
  });

  it.each([
    // The reporter's first run: 21.66 s wall, 2.77 s user + 0.67 s sys.
    [21_660, 2_770, 670, true],
    // Their second run: 1.51 s wall, CPU close to it.
    [1_510, 1_200, 250, false],
    // A short command: too small a gap to call.
    [300, 10, 10, false],
    // Multi-threaded work: CPU above wall.
    [1_000, 1_800, 100, false],
  ])('wall %d ms, user %d ms, sys %d ms → waiting: %s', (wall, user, sys, expected) => {
    expect(isWaiting(wall, { userMs: user, sysMs: sys })).toBe(expected);
  });
});

describe('whether the user already chose a link mode', () => {
  it('finds the choice on the command line, in UV_LINK_MODE, and in uv.toml; else leaves it to the shim', () => {
    const root = tempDir();
    const home = join(root, 'home');
    const project = join(root, 'project');
    mkdirSync(join(home, '.config', 'uv'), { recursive: true });
    mkdirSync(project);
    const env = { HOME: home, XDG_CONFIG_DIRS: join(root, 'none') };
    expect(userLinkModeChoice(uv('sync'), project, env)).toBeUndefined();
    expect(userLinkModeChoice(uv('sync', '--link-mode', 'copy'), project, env)).toBe('--link-mode on the command line');
    expect(userLinkModeChoice(uv('sync'), project, { ...env, UV_LINK_MODE: 'clone' })).toBe('UV_LINK_MODE=clone');
    writeFileSync(join(home, '.config', 'uv', 'uv.toml'), 'link-mode = "clone"\n');
    expect(userLinkModeChoice(uv('sync'), project, env)).toBe(`link-mode in ${join(home, '.config', 'uv', 'uv.toml')}`);
    // uv ignores a relative XDG_CONFIG_HOME (etcetera takes only absolute
    // XDG paths): its user uv.toml is still the one under HOME, as the
    // pin-file search finds it (one model, paths.ts's uvUserConfigDir).
    expect(userLinkModeChoice(uv('sync'), project, { ...env, XDG_CONFIG_HOME: 'relative' })).toBe(`link-mode in ${join(home, '.config', 'uv', 'uv.toml')}`);
  });

  it('passes over a uv.toml that is a FIFO or /dev/zero at once, without waiting or reading without end', () => {
    const root = tempDir();
    const home = join(root, 'home');
    const project = join(root, 'project');
    mkdirSync(join(home, '.config', 'uv'), { recursive: true });
    mkdirSync(project);
    execFileSync('mkfifo', [join(project, 'uv.toml')]);
    symlinkSync('/dev/zero', join(home, '.config', 'uv', 'uv.toml'));
    const env = { HOME: home, XDG_CONFIG_DIRS: join(root, 'none') };
    expect(userLinkModeChoice(uv('sync'), project, env)).toBeUndefined();
  });
});
