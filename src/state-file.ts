import { closeSync, constants, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { currentPrincipal, distrust, type Distrust } from './common/ownership.js';

// Every file the shim writes for itself (repairs.log, verdicts.json, locks,
// first-run counts, trust records, the explain file) goes through here:
// never through a link (O_NOFOLLOW), new files created exclusively
// (O_CREAT|O_EXCL), replacements written beside and renamed over (a reader
// sees the old file or the new one), files 0600 and directories 0700.

// Why a state file or directory is not trusted, in words: the cache dir's
// notice and `uv-shim uninstall --purge` say it alike.
export function distrustText(d: Distrust): string {
  if (d.kind === 'owner') return `${d.path} belongs to another user (uid ${d.uid})`;
  return `${d.path} can be written by ${d.by === 'others' ? 'other users' : `group ${d.gid}`}`;
}

// Why a state directory cannot be used, or null when it can: a directory
// this user may trust (src/common/ownership.ts: the user's or root's,
// nobody else can write to it). `create`: made 0700 if missing (before a
// write); otherwise a missing one is fine (a read finds it empty).
function dirProblem(dir: string, create: boolean): string | null {
  if (create) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EEXIST' || code === 'ENOTDIR' ? `${dir} is not a directory (ENOTDIR)` : `${dir} cannot be created (${code ?? String(error)})`;
    }
  }
  let st;
  try {
    st = statSync(dir);
  } catch (error) {
    // Only ENOENT is "not there". Not throwIfNoEntry: from Node 22 it also
    // swallows ENOTDIR, a file (or /dev/null) where a parent should be,
    // which is a directory that cannot be used, on every Node alike.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return `${dir} cannot be used (${code ?? String(error)})`;
  }
  if (!st) return create ? `${dir} cannot be created (ENOENT)` : null;
  if (!st.isDirectory()) return `${dir} is not a directory (ENOTDIR)`;
  const me = currentPrincipal();
  const why = me && distrust(dir, st, me);
  return why ? distrustText(why) : null;
}

// Why a state directory cannot be written to (created 0700 if missing), or null.
export function stateDirProblem(dir: string): string | null {
  return dirProblem(dir, true);
}

// Why an existing state directory must not be trusted for reading, or
// null; a missing one is fine (empty).
export function foreignStateDir(dir: string): string | null {
  return dirProblem(dir, false);
}

// A state directory or file that cannot be used; the message says why.
export class StateFileError extends Error {}

function usableDir(dir: string): void {
  const problem = stateDirProblem(dir);
  if (problem) throw new StateFileError(problem);
}

// The opened file must be a regular file of ours: O_NOFOLLOW refuses a link
// at the last component; a FIFO or someone else's file is refused here.
function checkOpened(fd: number, path: string): void {
  const st = fstatSync(fd);
  if (!st.isFile()) throw new StateFileError(`${path} is not a regular file`);
  const me = currentPrincipal();
  const why = me && distrust(path, st, me);
  if (why) throw new StateFileError(distrustText(why));
}

function writeAll(fd: number, data: string | Buffer): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

// Appends one line in a single O_APPEND write (concurrent writers never
// interleave), creating the file 0600 if it is missing.
export function appendStateLine(dir: string, path: string, line: string): void {
  usableDir(dir);
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  try {
    checkOpened(fd, path);
    writeAll(fd, line);
  } finally {
    closeSync(fd);
  }
}

// Creates a new file that must not exist yet; EEXIST is the caller's to handle.
export function createStateFile(path: string, data: string, mode = 0o600): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    writeAll(fd, data);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
}

// Replaces `path` atomically: written to a new name beside it, created
// exclusively, then renamed over it (rename replaces a link, never follows it).
// `dir` is the state directory checked first; null when the caller has
// checked the directory itself (a user-named file such as explainFile).
export function replaceStateFile(dir: string | null, path: string, data: string, mode = 0o600): void {
  if (dir !== null) usableDir(dir);
  // node:crypto costs ~2 ms to load; readers of state files (every run with
  // a config file) never need it, so it is fetched only here.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    createStateFile(temp, data, mode);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

// The directory a state file lives in, made 0700 and checked.
export function ensureStateDir(path: string): void {
  usableDir(dirname(path));
}

// Reading lives in src/state-read.ts (see there why).
export { readStateFile } from './state-read.js';
