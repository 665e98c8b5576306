import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readBounded, READ_LIMITS } from '../bounded-read.js';
import { userConfigDir } from '../paths.js';
import { ancestors } from '../common/fs.js';

// The file names searched in each directory, in order of precedence.
export const PROJECT_CONFIG_NAMES = [
  '.uv-shimrc',
  '.uv-shimrc.json',
  '.uv-shimrc.yaml',
  '.uv-shimrc.yml',
  'uv-shim.config.json',
  'uv-shim.config.js',
  'uv-shim.config.mjs',
  'pyproject.toml',
] as const;

// The file names searched in the user-level config directory, in order.
export const USER_CONFIG_NAMES = ['config.json', 'config.yaml', 'config.yml', 'config.js', 'config.mjs', 'config.toml'] as const;

// Anything but a directory counts as found: a FIFO or a link to /dev/zero
// under a config file's name is refused, with a message, when it is read.
// throwIfNoEntry: a missing file is the usual answer here (dozens of names
// per run), and building an exception for each one costs more than the stat.
function exists(path: string): boolean {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st !== undefined && !st.isDirectory();
  } catch {
    return false;
  }
}

// Every file named like a project config, from `cwd` up to /, nearest
// first. The loader takes the first that applies (a pyproject.toml applies
// only with a [tool.uv-shim] table; a file someone else could have written
// never does).
export function* projectConfigCandidates(cwd: string): Generator<string> {
  for (const dir of ancestors(cwd)) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (exists(candidate)) yield candidate;
    }
  }
}

// The first user-level config file in $XDG_CONFIG_HOME/uv-shim, or undefined
// (also when there is no user config directory: see paths.ts).
export function findUserConfig(env: NodeJS.ProcessEnv): string | undefined {
  const dir = userConfigDir(env);
  if (!dir) return undefined;
  for (const name of USER_CONFIG_NAMES) {
    const candidate = join(dir, name);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

// Whether any config file may apply in `cwd`, asked without loading the
// loader: stats, and a look into each pyproject.toml on the way up (every
// project has one; most say nothing to the shim).
export function anyConfigCandidate(cwd: string, env: NodeJS.ProcessEnv): boolean {
  if (findUserConfig(env) !== undefined) return true;
  for (const candidate of projectConfigCandidates(cwd)) {
    if (basename(candidate) !== 'pyproject.toml' || mayConfigureShim(candidate)) return true;
  }
  return false;
}

// A pyproject.toml applies only with a [tool.uv-shim] table, and that name
// is in its text as `uv-shim` however the table is written (a header, a
// dotted key, an inline table), unless a quoted key spells it with a \u or
// \U escape: TOML allows that, so such a file goes to the loader too. A file
// that cannot be read the bounded way (a FIFO, too large) goes there as well,
// which says what is wrong with it.
function mayConfigureShim(path: string): boolean {
  const read = readBounded(path, READ_LIMITS.pyproject, { follow: true });
  if (!read.ok) return read.kind !== 'missing';
  return read.bytes.includes('uv-shim') || read.bytes.includes('\\u') || read.bytes.includes('\\U');
}
