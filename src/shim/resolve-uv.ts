import { dirname, join, resolve } from 'node:path';
import { readHead } from '../bounded-read.js';
import { ShimError } from '../errors.js';
import { isExecutableFile, onPath, pathEntries } from './path-search.js';
import { realpathOrNull } from '../common/fs.js';

// Every launcher in shims/ carries this line; a candidate that contains it is
// a shim (a copy, a symlink or a hardlink of one), never the real uv.
export const SHIM_MARKER = 'uv-shim-launcher';

// What to look for, and where not to.
export interface ResolveOptions {
  // The binary name to look for: `uv` or `uvx`.
  name: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  // Directory of the launcher that started this process, if known.
  shimDir?: string;
  // More directories to treat as shim directories (doctor passes every
  // PATH directory that holds a launcher).
  shimDirs?: readonly string[];
}

// The uv to run and how it was found.
export interface Resolution {
  path: string;
  // Arguments to put before the user's: ['tool', 'run'] when `uvx` runs as
  // `uv tool run` because no real uvx sits next to uv.
  prefix: string[];
  // Why the others were skipped, for `uv-shim doctor` and the not-found error.
  skipped: { path: string; reason: string }[];
  searched: string[];
}

// Launchers are a few hundred bytes; anything this big is a real program and
// need not be opened.
const MAX_LAUNCHER_SIZE = 64 * 1024;

// True when the file is a uv-shim launcher: a copy, a link or a hardlink of one.
export function isShimFile(path: string, size?: number): boolean {
  if (size !== undefined && size > MAX_LAUNCHER_SIZE) return false;
  // Launchers are text; real uv is a binary whose head never holds the marker.
  return readHead(path, 512)?.includes(SHIM_MARKER) === true;
}

// Finds the real uv: UV_SHIM_REAL_UV if set, else the first match on PATH
// that is neither in a shim directory nor a shim itself.
export function resolveRealUv(options: ResolveOptions): Resolution {
  const { name, env, cwd } = options;
  if (name === 'uvx' && env.UV_SHIM_REAL_UVX) return fromOverride('UV_SHIM_REAL_UVX', env.UV_SHIM_REAL_UVX, cwd);
  if (env.UV_SHIM_REAL_UV) {
    const uv = fromOverride('UV_SHIM_REAL_UV', env.UV_SHIM_REAL_UV, cwd);
    if (name === 'uv') return uv;
    // uvx next to the named uv, else the same uv as `uv tool run`.
    const sibling = join(dirname(uv.path), 'uvx');
    return isExecutableFile(sibling) && !isShimFile(sibling)
      ? { ...uv, path: sibling, searched: [sibling] }
      : { ...uv, prefix: ['tool', 'run'] };
  }

  const shimDirs = new Set<string>();
  for (const dir of [options.shimDir, ...(options.shimDirs ?? [])]) {
    if (!dir) continue;
    shimDirs.add(resolve(cwd, dir));
    const real = realpathOrNull(dir);
    if (real) shimDirs.add(real);
  }

  const entries = pathEntries(env, cwd);
  const skipped: Resolution['skipped'] = [];
  const seenReal = new Set<string>();
  for (const { path: candidate, size } of onPath(name, entries)) {
    const dir = dirname(candidate);
    if (shimDirs.has(dir) || shimDirs.has(realpathOrNull(dir) ?? dir)) {
      skipped.push({ path: candidate, reason: 'in the shim directory' });
      continue;
    }
    const real = realpathOrNull(candidate);
    if (!real) {
      skipped.push({ path: candidate, reason: 'broken symlink' });
      continue;
    }
    if (seenReal.has(real)) continue;
    seenReal.add(real);
    if (isShimFile(real, size)) {
      skipped.push({ path: candidate, reason: `a uv-shim launcher (${real})` });
      continue;
    }
    return { path: candidate, prefix: [], skipped, searched: entries };
  }

  if (name === 'uvx') {
    // Some installs ship uv without uvx; `uv tool run` is the same command.
    const uv = resolveRealUv({ ...options, name: 'uv' });
    return { ...uv, prefix: ['tool', 'run'] };
  }

  throw new ShimError({ kind: 'uv-not-found', tool: name, searched: entries, skipped });
}

// UV_SHIM_REAL_UV / UV_SHIM_REAL_UVX name the binary directly: it must be
// an executable file and must not be a launcher (that would be a loop).
function fromOverride(variable: string, value: string, cwd: string): Resolution {
  const path = resolve(cwd, value);
  if (!isExecutableFile(path)) {
    const problem = realpathOrNull(path) !== null ? 'not-executable' : 'missing';
    throw new ShimError({ kind: 'override-unusable', variable, path, problem });
  }
  if (isShimFile(path)) throw new ShimError({ kind: 'override-unusable', variable, path, problem: 'launcher' });
  return { path, prefix: [], skipped: [], searched: [path] };
}
