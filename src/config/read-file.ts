import { closeSync, constants, fstatSync, openSync, readSync, type BigIntStats } from 'node:fs';

// Why a file was not read.
export type ReadFailure =
  | { kind: 'not-regular'; what: string }
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'error'; code: string };

// One version of a file: device, inode, size, mtime and ctime (ns). Any
// write changes ctime, which only the kernel sets, so equal fingerprints mean
// equal contents for everything the parsed-config cache needs.
export function fingerprint(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

function whatIs(st: BigIntStats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

// Reads a whole regular file of at most `limit` bytes. O_NONBLOCK: opening a
// FIFO would otherwise wait for a writer forever; a device (/dev/zero) or
// FIFO is refused by the fstat of what was opened, before a byte is read.
// The fingerprint is that of the opened file, taken before the read;
// `stable` is false when the file changed while it was read (then it must
// not be cached under that fingerprint).
// With `noFollow`, a symbolic link is refused (ELOOP) rather than followed.
export function readRegularFile(
  path: string,
  limit: number,
  options: { noFollow?: boolean } = {},
): { ok: true; bytes: Buffer; stat: BigIntStats; stable: boolean } | { ok: false; failure: ReadFailure } {
  let fd: number;
  try {
    const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (options.noFollow ? constants.O_NOFOLLOW : 0);
    fd = openSync(path, flags);
  } catch (error) {
    return { ok: false, failure: { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? String(error) } };
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (!stat.isFile()) return { ok: false, failure: { kind: 'not-regular', what: whatIs(stat) } };
    if (stat.size > BigInt(limit)) return { ok: false, failure: { kind: 'too-large', size: Number(stat.size), limit } };
    // One byte more than allowed: a file that grew past the limit since the
    // fstat is caught here, not read on without end.
    const buffer = Buffer.alloc(Math.min(limit + 1, Number(stat.size) + 1));
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > limit) return { ok: false, failure: { kind: 'too-large', size: length, limit } };
    const after = fstatSync(fd, { bigint: true });
    const stable = fingerprint(after) === fingerprint(stat) && BigInt(length) === stat.size;
    return { ok: true, bytes: buffer.subarray(0, length), stat, stable };
  } catch (error) {
    return { ok: false, failure: { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? String(error) } };
  } finally {
    closeSync(fd);
  }
}

// The failure as the words after "<file>: ".
export function describeReadFailure(failure: ReadFailure): string {
  switch (failure.kind) {
    case 'not-regular':
      return `is ${failure.what}, not a regular file; not read`;
    case 'too-large':
      return `is ${failure.size} bytes, more than the ${failure.limit} a config file may have; not read`;
    case 'error':
      return `cannot be read (${failure.code})`;
  }
}
