import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Reader } from './ownership.js';
import { readBounded } from '../bounded-read.js';

// The shim's own state directory is usable for reading when it is a real
// directory (not a link) that the user owns and nobody else can write to
// (src/state-file.ts, which writes it, asks the same): what is in it
// decides which hooks run. Reading never creates it.
function usableDir(dir: string, reader: Reader): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === reader.uid && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

// A state file's text, or undefined when it is missing, not a regular file,
// a link, larger than `limit`, not the user's own, or writable by others
// (src/bounded-read.ts reads it; the mode is checked here).
export function readStateFile(dir: string, name: string, limit: number, reader: Reader): string | undefined {
  if (!usableDir(dir, reader)) return undefined;
  const path = join(dir, name);
  const read = readBounded(path, limit, { ownedByMe: true });
  if (!read.ok) return undefined;
  // Nobody else may have been able to write what decides which hooks run.
  try {
    if (lstatSync(path).mode & 0o022) return undefined;
  } catch {
    return undefined;
  }
  return read.bytes.toString('utf8');
}
