import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { fingerprintOfStat, sameFingerprint } from './common/fingerprint.js';
import { currentPrincipal, distrust } from './common/ownership.js';

// The one way the shim reads a file it did not write, or wrote where others
// might have meddled (pins, pyproject.toml, pyvenv.cfg, an interpreter's
// first bytes, config files, its own state files): it must be a regular file
// (a FIFO, /dev/zero, /dev/urandom or a directory is refused after at most
// one open that cannot block), and no more than `limit` bytes are read, a
// bound that fits the kind of file. Returns the bytes, or why not (never
// throws).

// Bounds by kind: generous for the real thing, tiny next to what hostile
// input can be.
export const READ_LIMITS = {
  // .python-version(s): a few version names.
  pin: 64 * 1024,
  // pyvenv.cfg: a handful of key = value lines.
  pyvenvCfg: 64 * 1024,
  // pyproject.toml: large workspaces list many members and dependencies.
  pyproject: 4 * 1024 * 1024,
  // verdicts.json: 4096 entries of a few hundred bytes.
  verdicts: 8 * 1024 * 1024,
  // A first-run count record: the inode list of every native file in an environment.
  count: 16 * 1024 * 1024,
  // A lock's owner record.
  lockOwner: 4 * 1024,
  // The tail of repairs.log that doctor shows.
  repairsLogTail: 256 * 1024,
} as const;

export type ReadFailureKind = 'missing' | 'not-regular' | 'too-large' | 'unreadable' | 'foreign';

// `detail` is the words after the path ("is a FIFO, not a regular file");
// `why` is the whole sentence, path first.
export type BoundedRead =
  | { ok: true; bytes: Buffer; stat: BigIntStats; stable: boolean }
  | { ok: false; kind: ReadFailureKind; detail: string; why: string };

export interface BoundedReadOptions {
  // false: a link at the last component is refused (state files); true:
  // followed (files uv itself follows, such as .python-version).
  follow?: boolean;
  // Only a file this user may trust (src/common/ownership.ts: the user's or
  // root's, writable by nobody else): state files in the shim's cache dir.
  trusted?: boolean;
  // Read the first `limit` bytes of a longer file instead of refusing it
  // (an interpreter's magic number or #! line).
  head?: boolean;
  // Read the last `limit` bytes of a longer file instead of refusing it.
  tail?: boolean;
}

// Reads up to `length` bytes at `position` of an open file into a new
// buffer, as many reads as it takes (a read may return fewer bytes than
// asked); fewer bytes only at the end of the file. For readers that keep
// their file open (the Mach-O reader reads on from its first bytes).
export function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

function whatIs(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSymbolicLink(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a link';
  return 'not a regular file';
}

function fail(path: string, kind: ReadFailureKind, detail: string): BoundedRead {
  return { ok: false, kind, detail, why: `${path} ${detail}` };
}

// Whether `path` is (or links to) a regular file. Most paths asked about do
// not exist (a pyvenv.cfg in each parent directory): a stat that returns
// undefined is far cheaper than the exception a failed open throws. Other
// errors (ENOTDIR under a file, EACCES, ELOOP) mean no.
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

export function readBounded(path: string, limit: number, options: BoundedReadOptions = {}): BoundedRead {
  // Stat before open: on the warm path most files asked for are missing, and
  // a stat that returns undefined costs no exception. What is opened is
  // checked again below: the path may change in between.
  let pre;
  try {
    pre = (options.follow ? statSync : lstatSync)(path, { throwIfNoEntry: false });
  } catch {
    pre = null; // ENOTDIR, EACCES, ELOOP: the open below says which
  }
  if (pre === undefined) return fail(path, 'missing', 'does not exist');
  if (pre && !pre.isFile()) return fail(path, 'not-regular', `is ${whatIs(pre)}, not a regular file`);
  let fd: number;
  try {
    // OS edge: O_NONBLOCK so that opening a FIFO does not wait for a writer;
    // O_NOCTTY so that a terminal never becomes the controlling one.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (options.follow ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail(path, 'missing', 'does not exist');
    if (code === 'ELOOP') return fail(path, 'not-regular', 'is a link, not a regular file');
    return fail(path, 'unreadable', `cannot be read (${code ?? String(error)})`);
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) return fail(path, 'not-regular', `is ${whatIs(st)}, not a regular file`);
    const me = options.trusted ? currentPrincipal() : undefined;
    const why = me && distrust(path, st, me);
    if (why) return fail(path, 'foreign', why.kind === 'owner' ? `belongs to another user (uid ${why.uid})` : 'can be written by other users');
    const size = Number(st.size);
    const partial = options.head || options.tail;
    if (size > limit && !partial) return fail(path, 'too-large', `is ${size} bytes, more than the ${limit} such a file can need`);
    const start = options.tail ? Math.max(0, size - limit) : 0;
    // One byte more than the bound: a file that grew past it is refused too.
    const buf = readAt(fd, Math.min(limit, Math.max(0, size - start)) + 1, start);
    let got = buf.length;
    if (got > limit) {
      if (!partial) return fail(path, 'too-large', `grew past ${limit} bytes while it was read`);
      got = limit;
    }
    // Whether the file changed while it was read: a cache must not keep
    // what was read under the fingerprint taken before.
    const stable = !partial && got === size && sameFingerprint(fingerprintOfStat(fstatSync(fd, { bigint: true })), fingerprintOfStat(st));
    return { ok: true, bytes: buf.subarray(0, got), stat: st, stable };
  } catch (error) {
    return fail(path, 'unreadable', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

// The text of a bounded read, or null with the reason dropped (for callers
// to whom a missing and an unusable file mean the same: nothing to use).
export function readBoundedText(path: string, limit: number, options: BoundedReadOptions = {}): string | null {
  const r = readBounded(path, limit, options);
  return r.ok ? r.bytes.toString('utf8') : null;
}

// The first `n` bytes of a regular file (fewer if it is shorter), links
// followed unless `follow` is false; null when it is missing, not a regular
// file or unreadable.
export function readHead(path: string, n: number, options: { follow?: boolean } = {}): Buffer | null {
  const r = readBounded(path, n, { follow: options.follow ?? true, head: true });
  return r.ok ? r.bytes : null;
}
