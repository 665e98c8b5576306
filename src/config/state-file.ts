import { closeSync, constants, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { unsafeStat, type Reader } from './ownership.js';
import { readRegularFile } from './read-file.js';

// The shim's own state directory is usable when it is a real directory (not
// a link) that the user owns and nobody else can write to: what is in it
// decides which hooks run.
function usableDir(dir: string, reader: Reader): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === reader.uid && unsafeStat(dir, st, reader) === undefined;
  } catch {
    return false;
  }
}

// A state file's text, or undefined when it is missing, not a regular file,
// a link, larger than `limit`, not the user's own, or writable by others.
export function readStateFile(dir: string, name: string, limit: number, reader: Reader): string | undefined {
  if (!usableDir(dir, reader)) return undefined;
  const read = readRegularFile(join(dir, name), limit, { noFollow: true });
  if (!read.ok) return undefined;
  if (Number(read.stat.uid) !== reader.uid || Number(read.stat.mode) & 0o022) return undefined;
  return read.bytes.toString('utf8');
}

// Replaces a state file atomically: the new text goes to a temporary file
// created exclusively without following links, then renamed over the old
// name (rename replaces a link there, never writes through it). False when
// the directory is not usable or the write fails.
export function writeStateFile(dir: string, name: string, text: string, reader: Reader): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  if (!usableDir(dir, reader)) return false;
  const temporary = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, join(dir, name));
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    return false;
  }
}
