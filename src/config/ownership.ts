import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { UnsafeReason } from './types.js';

// Whose files the shim takes settings from: the user's and root's.
export interface Reader {
  uid: number;
  gid: number;
}

export function currentReader(): Reader | undefined {
  // getuid is missing only on Windows, where none of this applies.
  if (typeof process.getuid !== 'function' || typeof process.getgid !== 'function') return undefined;
  return { uid: process.getuid(), gid: process.getgid() };
}

// Why `st` (of `path`) is not safe to take settings from, or undefined. The
// owner must be the user or root: anyone else could put hooks there that run
// as the user (git's safe.directory reasoning). Nobody else may write to it:
// not the world (a sticky bit does not help: the owner of a file in /tmp is
// whoever wrote it first), and not a group other than the user's own primary
// group (user-private groups, umask 002, are common on Linux).
export function unsafeStat(path: string, st: Stats, reader: Reader): UnsafeReason | undefined {
  const isDirectory = st.isDirectory();
  if (st.uid !== reader.uid && st.uid !== 0) return { kind: 'owner', path, isDirectory, uid: st.uid };
  if (st.mode & 0o002) return { kind: 'writable', path, isDirectory, by: 'others', gid: st.gid };
  if (st.mode & 0o020 && st.gid !== reader.gid) return { kind: 'writable', path, isDirectory, by: 'group', gid: st.gid };
  return undefined;
}

// A config file is safe when it and the directory it is in are (see
// unsafeStat); through a symbolic link, the directory of its target too.
// A file that cannot be examined, or is not a regular file, is left to the
// read, which refuses it with its own reason (a FIFO, /dev/zero).
export function unsafeConfigFile(path: string, reader: Reader | undefined): UnsafeReason | undefined {
  if (!reader) return undefined;
  try {
    const link = lstatSync(path);
    const target = link.isSymbolicLink() ? statSync(path) : link;
    if (!target.isFile()) return undefined;
    const dirs = [dirname(path)];
    if (link.isSymbolicLink()) dirs.push(dirname(realpathSync.native(path)));
    return unsafeStat(path, target, reader) ?? dirs.map((d) => unsafeStat(d, statSync(d), reader)).find((r) => r !== undefined);
  } catch {
    return undefined;
  }
}
