import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readBounded } from './bounded-read.js';
import { distrust, type Principal } from './common/ownership.js';

// The read side of src/state-file.ts, kept apart from the writers so that a
// run that only reads its state (a cached config) loads none of them.

// A state file's text, or undefined when it or its directory may not be
// trusted by `me` (another user's, writable by others), or it is missing,
// not a regular file, a link, or larger than `limit`. What is in it decides
// which hooks run (trust records). Reading never creates the directory.
export function readStateFile(dir: string, name: string, limit: number, me: Principal): string | undefined {
  let dirSt;
  try {
    dirSt = statSync(dir, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES: no directory of ours there
  }
  if (!dirSt?.isDirectory() || distrust(dir, dirSt, me)) return undefined;
  const read = readBounded(join(dir, name), limit);
  if (!read.ok) return undefined;
  return distrust(join(dir, name), read.stat, me) ? undefined : read.bytes.toString('utf8');
}
