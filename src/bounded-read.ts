import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

// Reads a file the shim did not write, or wrote where others might have
// meddled, the only safe way: it must be a regular file (a FIFO, /dev/zero,
// /dev/urandom or a directory is refused after one open that cannot block),
// and no more than `limit` bytes are read, a bound that fits the kind of
// file. Returns the bytes, or why not (never throws).

// Bounds by kind: generous for the real thing, tiny next to what hostile
// input can be.
export const READ_LIMITS = {
  // .python-version(s): a few version names.
  pin: 16 * 1024,
  // pyvenv.cfg: a handful of key = value lines.
  pyvenvCfg: 64 * 1024,
  // verdicts.json: 4096 entries of a few hundred bytes.
  verdicts: 8 * 1024 * 1024,
  // A first-run count record: the inode list of every native file in an environment.
  count: 16 * 1024 * 1024,
  // A lock's owner record.
  lockOwner: 4 * 1024,
  // The tail of repairs.log that doctor shows.
  repairsLogTail: 256 * 1024,
} as const;

export type BoundedRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; kind: 'missing' | 'not-regular' | 'too-large' | 'unreadable' | 'foreign'; why: string };

export interface BoundedReadOptions {
  // false: a link at the last component is refused (state files); true:
  // followed (files uv itself follows, such as .python-version).
  follow?: boolean;
  // Only a file owned by this user (state files in the shim's cache dir).
  ownedByMe?: boolean;
  // Read the last `limit` bytes of a longer file instead of refusing it.
  tail?: boolean;
}

export function readBounded(path: string, limit: number, options: BoundedReadOptions = {}): BoundedRead {
  let fd: number;
  try {
    // OS edge: O_NONBLOCK so that opening a FIFO does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.follow ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', why: `${path} does not exist` };
    if (code === 'ELOOP') return { ok: false, kind: 'not-regular', why: `${path} is a link` };
    return { ok: false, kind: 'unreadable', why: `${path} cannot be read (${code ?? String(error)})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: 'not-regular', why: `${path} is not a regular file` };
    if (options.ownedByMe && process.getuid && st.uid !== process.getuid()) {
      return { ok: false, kind: 'foreign', why: `${path} belongs to another user (uid ${st.uid})` };
    }
    if (st.size > limit && !options.tail) return { ok: false, kind: 'too-large', why: `${path} is ${st.size} bytes, more than the ${limit} such a file can need` };
    const start = options.tail ? Math.max(0, st.size - limit) : 0;
    // One byte more than the bound: a file that grew past it is refused too.
    const buf = Buffer.allocUnsafe(Math.min(limit, st.size - start) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) break;
      got += n;
      if (got === buf.length) break;
    }
    if (got > limit) {
      if (!options.tail) return { ok: false, kind: 'too-large', why: `${path} grew past ${limit} bytes while it was read` };
      got = limit;
    }
    return { ok: true, bytes: buf.subarray(0, got) };
  } catch (error) {
    return { ok: false, kind: 'unreadable', why: `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
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
