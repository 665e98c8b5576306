import { existsSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import type { Candidate, CandidateSource } from './types.js';
import { realpathOrNull } from '../common/fs.js';

// True when `file` (a real path) lies inside `root` (a real path).
export function isInside(file: string, root: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

// What every candidate is measured against when it is found.
export interface CandidateScope {
  // Real path of uv's managed Python dir (null when it does not exist).
  managedRoot: string | null;
}

// The files macOS validates for one interpreter reached through `link`:
// the real executable (links followed once, by realpath) and, next to it,
// lib/libpython3.X.dylib when present.
export function interpreterFiles(link: string, source: CandidateSource, scope: CandidateScope): Candidate[] {
  const file = realpathOrNull(link);
  if (!file) return [];
  const bin = dirname(file);
  const installation = basename(bin) === 'bin' ? dirname(bin) : bin;
  const managed = scope.managedRoot !== null && isInside(file, scope.managedRoot);
  const out: Candidate[] = [{ file, via: link, kind: 'executable', source, installation, managed }];
  const minor = /^python(\d+\.\d+t?)$/.exec(basename(file))?.[1];
  if (minor) {
    const dylib = join(installation, 'lib', `libpython${minor}.dylib`);
    const real = existsSync(dylib) ? realpathOrNull(dylib) : null;
    if (real) {
      out.push({
        file: real,
        via: dylib,
        kind: 'library',
        source,
        installation,
        managed: scope.managedRoot !== null && isInside(real, scope.managedRoot),
      });
    }
  }
  return out;
}

// An installation root's interpreter: bin/python3 (what uv runs), else bin/python.
export function installationFiles(root: string, source: CandidateSource, scope: CandidateScope): Candidate[] {
  for (const name of ['python3', 'python']) {
    const link = join(root, 'bin', name);
    const files = interpreterFiles(link, source, scope);
    if (files.length > 0) return files;
  }
  return [];
}

// One entry per real file: the first way it was reached wins.
export function uniqueByFile(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (seen.has(c.file)) return false;
    seen.add(c.file);
    return true;
  });
}
