import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readBounded } from '../bounded-read.js';
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

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

// Every file named like a project config, from `cwd` up to /, nearest
// first, but a pyproject.toml only when it may hold a [tool.uv-shim] table.
// The loader takes the first that applies (a pyproject.toml only with that
// table; a file someone else could have written never).
export function* projectConfigCandidates(cwd: string): Generator<string> {
  for (const dir of ancestors(cwd)) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (exists(candidate) && (name !== 'pyproject.toml' || mayConfigureShim(candidate))) yield candidate;
    }
  }
}

// The first user-level config file in $XDG_CONFIG_HOME/uv-shim, or undefined
// (also when there is no user config directory: see paths.ts). One stat of
// the directory spares six of files where there is none, the usual case.
export function findUserConfig(env: NodeJS.ProcessEnv): string | undefined {
  const dir = userConfigDir(env);
  if (!dir || !isDirectory(dir)) return undefined;
  for (const name of USER_CONFIG_NAMES) {
    const candidate = join(dir, name);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

// How much of a pyproject.toml is read to see whether it mentions the
// shim: all of nearly every one. A longer file whose head does not mention
// it goes to the loader, which reads it whole (bounded) once per change of
// the file and keeps its answer (src/config/cache.ts).
const PYPROJECT_HEAD = 64 * 1024;

// Whether a pyproject.toml's text may hold a [tool.uv-shim] table. The name
// is in it as `uv-shim` however the table is written (a header, a dotted
// key, an inline table), unless a quoted key spells it with a \u or \U
// escape: TOML allows that, so such a file may too.
export function mentionsShim(bytes: Buffer): boolean {
  return bytes.includes('uv-shim') || bytes.includes('\\u') || bytes.includes('\\U');
}

// A pyproject.toml applies only with a [tool.uv-shim] table: one whose text
// cannot hold it is no candidate at all. A file that cannot be read the
// bounded way (a FIFO) is, so that the loader says what is wrong with it.
function mayConfigureShim(path: string): boolean {
  const read = readBounded(path, PYPROJECT_HEAD, { follow: true, head: true });
  if (!read.ok) return read.kind !== 'missing';
  return read.bytes.length < Number(read.stat.size) || mentionsShim(read.bytes);
}
