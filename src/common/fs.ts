import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

// realpath(3) in one system call (Node's JS realpath walks each component
// with lstat, ~1 ms slower on a cold cache); null when the path does not
// resolve (missing, a dangling link, a loop, no permission).
export function realpathOrNull(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

// The real path, or the path itself when it cannot be resolved (a dangling
// link is shown as itself).
export function realOrSelf(path: string): string {
  return realpathOrNull(path) ?? path;
}

// `~` and `~/…` as a shell expands them, with `home` for `~`; any other
// path as it is (`~user` included).
export function expandTilde(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

// `start`, then each parent directory up to and including the root.
export function* ancestors(start: string): Generator<string> {
  for (let dir = start; ; dir = dirname(dir)) {
    yield dir;
    if (dirname(dir) === dir) return;
  }
}
