import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

// PATH entries as the shell would search them: relative entries (and the
// empty entry, meaning ".") resolved against cwd, duplicates kept once.
export function pathEntries(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of (env.PATH ?? '').split(delimiter)) {
    const abs = entry === '' ? cwd : isAbsolute(entry) ? entry : resolve(cwd, entry);
    if (seen.has(abs)) continue;
    seen.add(abs);
    out.push(abs);
  }
  return out;
}

// True for a regular file (after symlinks) this process may execute: the
// check execve makes, and the one `which -a` makes.
export function isExecutableFile(path: string): boolean {
  try {
    // Most PATH entries have no uv: no exception for those.
    if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Every executable `name` on the given PATH entries, in PATH order, like
// `which -a`. Written out here rather than loading the `which` package: this
// runs on every invocation and a stat per entry is all it needs.
export function findAllOnPath(name: string, entries: readonly string[]): string[] {
  return entries.map((dir) => join(dir, name)).filter(isExecutableFile);
}
