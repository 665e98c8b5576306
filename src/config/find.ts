import { statSync } from 'node:fs';
import { join } from 'node:path';
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

// Whether any config file may apply in `cwd`: stats only, so the everyday
// path can ask without loading the loader.
export function anyConfigCandidate(cwd: string, env: NodeJS.ProcessEnv): boolean {
  return findUserConfig(env) !== undefined || !projectConfigCandidates(cwd).next().done;
}
