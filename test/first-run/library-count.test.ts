import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShim } from '../helpers/sandbox.js';
import { macSync, makeMacProject, makeMacWorld, nativeFilesIn } from './native-project.js';

// The records the shim keeps under its cache dir, one per environment.
function counts(home: string): { environment: string; nativeFiles: number; unshared: number; newUnshared: number }[] {
  const dir = join(home, '.cache', 'uv-shim', 'first-run');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
}

const NOTICE = /^uv-shim: (\d+) new native librar(?:y|ies) in \.venv (?:is|are) not shared with uv's cache: macOS validates each on first load, so expect the first run to take [\d.]+–[\d.]+ s longer \(uv issue 17371\)\. (.*)$/m;

// On the simulated Mac (test/gate/): a uv-managed interpreter the exec gate
// checks, real macOS arm64 wheels (Pillow's 26 Mach-O files and a
// one-library wheel), and the first import mapping them through the gate.
describe('counting new native libraries after `uv sync` (real uv, real Mach-O, the exec gate)', () => {
  it('counts N copied libraries, then 0 for hardlinked ones, and warns only for the copies', async () => {
    const world = makeMacWorld();
    const { sb, env } = world;
    const copied = makeMacProject(world, 'copied', { newLibraryThreshold: 1 });

    const first = await runShim(sb, 'uv', ['sync', ...macSync(world), '--link-mode', 'copy'], { cwd: copied, env });
    expect(first.code, first.stderr).toBe(0);
    const libraries = nativeFilesIn(join(copied, '.venv'), 'macho');
    expect(libraries.length).toBe(27);
    expect(libraries.every((l) => l.nlink === 1)).toBe(true);
    const notice = NOTICE.exec(first.stderr);
    expect(notice, first.stderr).not.toBeNull();
    expect(Number(notice![1])).toBe(libraries.length);
    expect(first.stdout.length).toBe(0);

    // The first run maps them: the gate checks every one and lets it load.
    const imported = await runShim(sb, 'uv', ['run', '--no-sync', 'python', '-c', 'import PIL, _gatedemo; print(len(PIL.__gate_mapped__) + len(_gatedemo.__gate_mapped__))'], { cwd: copied, env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.toString()).toBe(`${libraries.length}\n`);

    // Nothing changed: nothing new, no warning.
    const again = await runShim(sb, 'uv', ['sync', ...macSync(world), '--link-mode', 'copy'], { cwd: copied, env });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('uv-shim:');

    // Same packages, now from the warm cache as hardlinks.
    const linked = makeMacProject(world, 'linked', { newLibraryThreshold: 1 });
    const second = await runShim(sb, 'uv', ['sync', ...macSync(world), '--link-mode', 'hardlink'], { cwd: linked, env });
    expect(second.code, second.stderr).toBe(0);
    const hardlinked = nativeFilesIn(join(linked, '.venv'), 'macho');
    expect(hardlinked.length).toBe(libraries.length);
    expect(hardlinked.every((l) => l.nlink > 1)).toBe(true);
    expect(second.stderr).not.toContain('uv-shim:');

    const records = counts(sb.home);
    const byEnv = new Map(records.map((r) => [r.environment, r]));
    // The unchanged second sync left the first count in place.
    expect(byEnv.get(join(copied, '.venv'))).toMatchObject({ nativeFiles: libraries.length, unshared: libraries.length, newUnshared: libraries.length });
    expect(byEnv.get(join(linked, '.venv'))).toMatchObject({ nativeFiles: libraries.length, unshared: 0, newUnshared: 0 });
  });

  it('counts only what is new: reinstalling one package reports its library alone', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'grows', { newLibraryThreshold: 1 });
    const env = { ...world.env, UV_LINK_MODE: 'copy' };
    const sync = await runShim(sb, 'uv', ['sync', ...macSync(world)], { cwd: project, env });
    expect(sync.code, sync.stderr).toBe(0);
    const before = nativeFilesIn(join(project, '.venv'), 'macho').length;

    const pip = ['pip', 'install', '--python-platform', 'aarch64-apple-darwin', '--no-index', '--find-links', world.wheels];
    const add = await runShim(sb, 'uv', [...pip, '--reinstall-package', 'gatedemo', 'gatedemo==1.0'], { cwd: project, env });
    expect(add.code, add.stderr).toBe(0);
    // gatedemo was copied in again: its one library has a new inode.
    expect(nativeFilesIn(join(project, '.venv'), 'macho').length).toBe(before);
    const notice = NOTICE.exec(add.stderr);
    expect(notice?.[1], add.stderr).toBe('1');
    // The user chose UV_LINK_MODE: the shim's own setting would not apply, so it is not the advice.
    expect(notice?.[2]).toBe('The shim leaves your own link mode (UV_LINK_MODE=copy) alone: make it hardlink to share them (see docs/first-run.md).');
  });

  it('stays quiet below the threshold, and on Linux without the macOS seam', async () => {
    const world = makeMacWorld();
    const { sb, env } = world;
    const quiet = makeMacProject(world, 'quiet', { newLibraryThreshold: 100 });
    const below = await runShim(sb, 'uv', ['sync', ...macSync(world), '--link-mode', 'copy'], { cwd: quiet, env });
    expect(below.code, below.stderr).toBe(0);
    expect(below.stderr).not.toContain('uv-shim:');
    expect(counts(sb.home)).toHaveLength(1);

    const linux = makeMacProject(world, 'linux', { newLibraryThreshold: 1 });
    const { UV_SHIM_PLATFORM: _unset, ...linuxEnv } = env;
    const onLinux = await runShim(sb, 'uv', ['sync', ...macSync(world), '--link-mode', 'copy'], { cwd: linux, env: linuxEnv });
    expect(onLinux.code, onLinux.stderr).toBe(0);
    expect(onLinux.stderr).not.toContain('uv-shim:');
    // Not even counted: the hook is not loaded off macOS.
    expect(counts(sb.home)).toHaveLength(1);
  });

  it('still warns, and uv still succeeds, when the shim cannot remember the count', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    const project = makeMacProject(world, 'unwritable', { newLibraryThreshold: 1 });
    // A regular file where the shim's cache dir should be: nothing can be written under it.
    const blocked = join(sb.root, 'not-a-dir');
    writeFileSync(blocked, '');
    const r = await runShim(sb, 'uv', ['sync', ...macSync(world), '--link-mode', 'copy'], { cwd: project, env: { ...world.env, UV_SHIM_CACHE_DIR: blocked } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(NOTICE);
    expect(r.stderr).toMatch(/^uv-shim: first-run library count failed: .*ENOTDIR.* \(uv runs anyway\)$/m);
  });
});
