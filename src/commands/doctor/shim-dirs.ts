import { delimiter, dirname } from 'node:path';
import which from 'which';
import { isShimFile } from '../../shim/resolve-uv.js';
import { pathEntries } from '../../shim/path-search.js';
import { realOrSelf } from '../../common/fs.js';

// Every `uv` on PATH, in order, as `which -a uv` lists them, and whether each
// is a uv-shim launcher. Doctor is the place to be thorough, so it uses the
// `which` package; the shim's own hot path walks PATH itself and stops at the
// first real uv (src/shim/path-search.ts).
export function uvOnPath(env: NodeJS.ProcessEnv, cwd: string): { path: string; shim: boolean }[] {
  const found = which.sync('uv', { all: true, nothrow: true, path: pathEntries(env, cwd).join(delimiter) }) ?? [];
  return found.map((path) => ({ path, shim: isShimFile(realOrSelf(path)) }));
}

// The PATH directories holding a uv-shim launcher: doctor resolves the real
// uv as the launchers would, skipping all of them.
export function shimDirsOnPath(env: NodeJS.ProcessEnv, cwd: string): string[] {
  return uvOnPath(env, cwd).filter((u) => u.shim).map((u) => dirname(u.path));
}
