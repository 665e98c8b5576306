import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EXIT, ShimError } from '../../src/errors.js';
import { resolveRealUv, type ResolveOptions } from '../../src/shim/resolve-uv.js';

const LAUNCHER = readFileSync(join(import.meta.dirname, '..', '..', 'shims', 'uv'));

// A directory tree to put on PATH. Every directory under `root` may hold:
//   real      an executable that is not a launcher (a stand-in for uv)
//   launcher  a copy of shims/uv
//   link:T    a symlink to T (relative to root)
//   plain     a file that is not executable
type Entry = 'real' | 'launcher' | 'plain' | `link:${string}`;

function tree(layout: Record<string, Entry>): string {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-resolve-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, entry] of Object.entries(layout)) {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    if (entry.startsWith('link:')) symlinkSync(join(root, entry.slice(5)), file);
    else if (entry === 'launcher') writeFileSync(file, LAUNCHER, { mode: 0o755 });
    else writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: entry === 'real' ? 0o755 : 0o644 });
  }
  return root;
}

// The path resolveRealUv picks, relative to root, and its prefix; or the exit
// code of the ShimError it throws.
function resolveIn(root: string, name: string, path: string[], extra: Partial<ResolveOptions> & { envExtra?: NodeJS.ProcessEnv } = {}) {
  const { envExtra, ...options } = extra;
  const env = { PATH: path.map((d) => (d.startsWith('/') || d === '' || d.startsWith('.') ? d : join(root, d))).join(':'), ...envExtra };
  try {
    const r = resolveRealUv({ name, env, cwd: root, ...options, shimDir: options.shimDir && join(root, options.shimDir) });
    return { path: r.path.slice(root.length + 1), prefix: r.prefix, skipped: r.skipped.map((s) => s.path.slice(root.length + 1)) };
  } catch (error) {
    if (error instanceof ShimError) return error.exitCode;
    throw error;
  }
}

describe('resolveRealUv on PATH', () => {
  it.each<[string, Record<string, Entry>, string[], Partial<ResolveOptions>, ReturnType<typeof resolveIn>]>([
    ['the first uv', { 'a/uv': 'real', 'b/uv': 'real' }, ['a', 'b'], {}, { path: 'a/uv', prefix: [], skipped: [] }],
    ['past the shim dir', { 'shims/uv': 'launcher', 'bin/uv': 'real' }, ['shims', 'bin'], { shimDir: 'shims' }, { path: 'bin/uv', prefix: [], skipped: ['shims/uv'] }],
    // Not named as the shim dir, found by content: a copy of a launcher.
    ['past a copied launcher', { 'other/uv': 'launcher', 'bin/uv': 'real' }, ['other', 'bin'], {}, { path: 'bin/uv', prefix: [], skipped: ['other/uv'] }],
    ['past a symlink to a launcher', { 'shims/uv': 'launcher', 'other/uv': 'link:shims/uv', 'bin/uv': 'real' }, ['other', 'bin'], {}, { path: 'bin/uv', prefix: [], skipped: ['other/uv'] }],
    // Not executable as far as execve can tell, so never a candidate.
    ['past a broken symlink', { 'a/uv': 'link:nowhere/uv', 'bin/uv': 'real' }, ['a', 'bin'], {}, { path: 'bin/uv', prefix: [], skipped: [] }],
    ['past a file that is not executable', { 'a/uv': 'plain', 'bin/uv': 'real' }, ['a', 'bin'], {}, { path: 'bin/uv', prefix: [], skipped: [] }],
    ['past a directory named uv', { 'a/uv/x': 'plain', 'bin/uv': 'real' }, ['a', 'bin'], {}, { path: 'bin/uv', prefix: [], skipped: [] }],
    // The shim dir reached through a symlinked directory is still the shim dir.
    ['past the shim dir by another name', { 'shims/uv': 'launcher', 'alias': 'link:shims', 'bin/uv': 'real' }, ['alias', 'bin'], { shimDir: 'shims' }, { path: 'bin/uv', prefix: [], skipped: ['alias/uv'] }],
    ['a relative PATH entry, from cwd', { 'bin/uv': 'real' }, ['./bin'], {}, { path: 'bin/uv', prefix: [], skipped: [] }],
    ['nothing but shims', { 'shims/uv': 'launcher' }, ['shims'], { shimDir: 'shims' }, EXIT.notFound],
    ['an empty PATH', {}, [], {}, EXIT.notFound],
  ])('uv: %s', (_what, layout, path, options, expected) => {
    const root = tree(layout);
    expect(resolveIn(root, 'uv', path, options)).toEqual(expected);
  });

  it.each<[string, Record<string, Entry>, ReturnType<typeof resolveIn>]>([
    ['uvx beside uv', { 'bin/uv': 'real', 'bin/uvx': 'real' }, { path: 'bin/uvx', prefix: [], skipped: [] }],
    // Some installs ship uv alone: `uv tool run` is the same command.
    ['no uvx anywhere', { 'bin/uv': 'real' }, { path: 'bin/uv', prefix: ['tool', 'run'], skipped: [] }],
    ['only a launcher for uvx', { 'shims/uvx': 'launcher', 'bin/uv': 'real' }, { path: 'bin/uv', prefix: ['tool', 'run'], skipped: [] }],
    ['neither', { 'shims/uvx': 'launcher' }, EXIT.notFound],
  ])('uvx: %s', (_what, layout, expected) => {
    const root = tree(layout);
    expect(resolveIn(root, 'uvx', ['shims', 'bin'], { shimDir: 'shims' })).toEqual(expected);
  });
});

describe('resolveRealUv with UV_SHIM_REAL_UV / UV_SHIM_REAL_UVX', () => {
  const layout: Record<string, Entry> = {
    'opt/uv': 'real', 'opt/uvx': 'real', 'solo/uv': 'real', 'plain/uv': 'plain', 'shims/uv': 'launcher', 'bin/uv': 'real', 'bin/uvx': 'real',
  };
  it.each<[string, string, NodeJS.ProcessEnv, ReturnType<typeof resolveIn>]>([
    ['named, not searched', 'uv', { UV_SHIM_REAL_UV: 'opt/uv' }, { path: 'opt/uv', prefix: [], skipped: [] }],
    ['uvx beside the named uv', 'uvx', { UV_SHIM_REAL_UV: 'opt/uv' }, { path: 'opt/uvx', prefix: [], skipped: [] }],
    ['the named uv as `uv tool run`', 'uvx', { UV_SHIM_REAL_UV: 'solo/uv' }, { path: 'solo/uv', prefix: ['tool', 'run'], skipped: [] }],
    ['UV_SHIM_REAL_UVX for uvx', 'uvx', { UV_SHIM_REAL_UVX: 'opt/uvx', UV_SHIM_REAL_UV: 'solo/uv' }, { path: 'opt/uvx', prefix: [], skipped: [] }],
    ['UV_SHIM_REAL_UVX is not for uv', 'uv', { UV_SHIM_REAL_UVX: 'opt/uvx' }, { path: 'bin/uv', prefix: [], skipped: ['shims/uv'] }],
    ['missing', 'uv', { UV_SHIM_REAL_UV: 'opt/nothing' }, EXIT.notFound],
    ['not executable', 'uv', { UV_SHIM_REAL_UV: 'plain/uv' }, EXIT.cannotExecute],
    ['a directory', 'uv', { UV_SHIM_REAL_UV: 'opt' }, EXIT.cannotExecute],
    ['a launcher: a loop', 'uv', { UV_SHIM_REAL_UV: 'shims/uv' }, EXIT.recursion],
    ['a launcher for uvx', 'uvx', { UV_SHIM_REAL_UVX: 'shims/uv' }, EXIT.recursion],
  ])('%s', (_what, name, envExtra, expected) => {
    const root = tree(layout);
    expect(resolveIn(root, name, ['shims', 'bin'], { envExtra })).toEqual(expected);
  });
});
