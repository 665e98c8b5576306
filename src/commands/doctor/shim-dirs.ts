import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { isShimFile } from '../../shim/resolve-uv.js';
import { findAllOnPath, pathEntries } from '../../shim/path-search.js';

// Every `uv` on PATH, in order, and whether it is a uv-shim launcher.
export function uvOnPath(env: NodeJS.ProcessEnv, cwd: string): { path: string; shim: boolean }[] {
  return findAllOnPath('uv', pathEntries(env, cwd)).map((path) => ({ path, shim: isShimFile(realOrSelf(path)) }));
}

// The PATH directories holding a uv-shim launcher: doctor resolves the real
// uv as the launchers would, skipping all of them.
export function shimDirsOnPath(env: NodeJS.ProcessEnv, cwd: string): string[] {
  return uvOnPath(env, cwd).filter((u) => u.shim).map((u) => dirname(u.path));
}

// The real path, or the path itself when it cannot be resolved (a dangling link).
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
