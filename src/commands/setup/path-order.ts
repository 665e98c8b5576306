import { join, resolve } from 'node:path';
import { resolveRealUv } from '../../shim/resolve-uv.js';
import { ShimError } from '../../errors.js';
import { pathEntries } from '../../shim/path-search.js';
import { realpathOrNull } from '../../common/fs.js';

// Where the shim directory stands on PATH, and the real uv it would run.
export type PathOrder =
  | { state: 'first'; realUv?: string }
  | { state: 'after-real-uv'; realUv: string }
  | { state: 'missing'; realUv?: string };

// Where DIR sits on PATH relative to the real uv: the shims only take effect
// when DIR comes first.
export function pathOrder(dir: string, env: NodeJS.ProcessEnv, cwd: string): PathOrder {
  const entries = pathEntries(env, cwd);
  const same = (e: string) => resolve(e) === dir || realpathOrNull(e) === (realpathOrNull(dir) ?? dir);
  const dirIndex = entries.findIndex(same);
  let realUv: string | undefined;
  try {
    realUv = resolveRealUv({ name: 'uv', env: { ...env, UV_SHIM_REAL_UV: '' }, cwd, shimDir: dir }).path;
  } catch (error) {
    if (!(error instanceof ShimError)) throw error;
  }
  if (dirIndex === -1) return { state: 'missing', realUv };
  // A uv found on PATH is join(entry, 'uv'): compared that way, an entry
  // written with a trailing slash is still found.
  const realIndex = realUv ? entries.findIndex((e) => join(e, 'uv') === realUv) : -1;
  if (realUv && realIndex !== -1 && realIndex < dirIndex) return { state: 'after-real-uv', realUv };
  return { state: 'first', realUv };
}
