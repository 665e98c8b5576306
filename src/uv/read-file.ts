import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

// Small, bounded reads of the files uv reads to find a project
// (pyproject.toml, .python-version, pyvenv.cfg) and of an interpreter's
// first bytes. Any of them may be a FIFO (opening one for reading blocks
// until a writer comes: O_NONBLOCK), /dev/zero or /dev/urandom (never ends:
// only regular files are read, checked on the descriptor that is read), or
// huge (read up to `limit`, then give up). Links are followed, as uv
// follows them; nothing here writes.

// Whether `path` is (or links to) a regular file. Most paths asked about do
// not exist (a pyvenv.cfg in each parent directory): a stat that returns
// undefined is far cheaper than the exception a failed open throws. Other
// errors (ENOTDIR under a file, EACCES, ELOOP) still throw, and mean no.
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

// The descriptor of a regular file, or null (missing, unreadable, not a file).
function openRegular(path: string): number | null {
  // The descriptor is checked again below: the path may change in between.
  if (!isRegularFile(path)) return null;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return null;
  }
  try {
    if (fstatSync(fd).isFile()) return fd;
  } catch {
    // fall through: closed below
  }
  closeSync(fd);
  return null;
}

// Up to `limit` bytes from the start of a regular file.
function readUpTo(fd: number, limit: number): Buffer {
  const buf = Buffer.alloc(limit);
  let got = 0;
  while (got < limit) {
    const n = readSync(fd, buf, got, limit - got, got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

// The text of a regular file of at most `limit` bytes; null when it is
// missing, not a regular file, unreadable or larger than `limit`.
export function readSmallText(path: string, limit: number): string | null {
  const fd = openRegular(path);
  if (fd === null) return null;
  try {
    const bytes = readUpTo(fd, limit + 1);
    return bytes.length > limit ? null : bytes.toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

// The first `n` bytes of a regular file (fewer if it is shorter); null when
// it is missing, not a regular file or unreadable.
export function readHead(path: string, n: number): Buffer | null {
  const fd = openRegular(path);
  if (fd === null) return null;
  try {
    return readUpTo(fd, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
