import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userConfigDir } from '../paths.js';

// The file names searched in each directory, in order; the same list is given
// to cosmiconfig so both agree on precedence.
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

// throwIfNoEntry: a missing file is the usual answer here (dozens of names
// per run), and building an exception for each one costs more than the stat.
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

// Every uv project has a pyproject.toml, so parsing it on every run would put
// a TOML parser on the everyday path. A plain byte scan for the table header
// decides whether it is worth loading at all.
export function pyprojectMentionsShim(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(256 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /^\s*\[\s*tool\s*\.\s*(["']?)uv-shim\1\s*[\].]/m.test(buf.toString('utf8', 0, n));
  } finally {
    closeSync(fd);
  }
}

// Walks up from `cwd` and returns the first project config file, or undefined.
export function findProjectConfig(cwd: string): string | undefined {
  let dir = cwd;
  for (;;) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (!isFile(candidate)) continue;
      if (name === 'pyproject.toml' && !pyprojectMentionsShim(candidate)) continue;
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

// The first user-level config file in $XDG_CONFIG_HOME/uv-shim, or undefined.
export function findUserConfig(env: NodeJS.ProcessEnv): string | undefined {
  const dir = userConfigDir(env);
  for (const name of USER_CONFIG_NAMES) {
    const candidate = join(dir, name);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

// The config files that apply in `cwd`, lowest precedence first: the user's
// file, then the nearest project file. Only stats and (for pyproject.toml) a
// byte scan, so the everyday path can call it without loading a parser.
export function findConfigFiles(cwd: string, env: NodeJS.ProcessEnv): string[] {
  return [findUserConfig(env), findProjectConfig(cwd)].filter((f): f is string => f !== undefined);
}
