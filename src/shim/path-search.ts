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

// The size of a regular file (after symlinks) this process may execute, or
// undefined: the check execve makes, and the one `which -a` makes.
export function executableFileSize(path: string): number | undefined {
  try {
    // Most PATH entries have no uv: no exception for those.
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isFile() !== true) return undefined;
    accessSync(path, constants.X_OK);
    return st.size;
  } catch {
    return undefined;
  }
}

// For UV_SHIM_REAL_UV, which names a file directly.
export function isExecutableFile(path: string): boolean {
  return executableFileSize(path) !== undefined;
}

// Each executable `name` on the given PATH entries, in PATH order, like
// `which -a`, found lazily: the caller usually stops at the first or second.
// Written out here rather than loading the `which` package, which alone took
// longer to load than the whole walk (doctor, which lists every match, uses
// `which`).
export function* onPath(name: string, entries: readonly string[]): Generator<{ path: string; size: number }> {
  for (const dir of entries) {
    const path = join(dir, name);
    const size = executableFileSize(path);
    if (size !== undefined) yield { path, size };
  }
}
