// The one answer to "may I trust this path" (read settings or state from
// it, write state into it, rewrite what is in it): owned by me or root, and
// writable by nobody else, except a sticky directory of mine (others may
// add entries to it but not remove or rename mine; what they add is theirs,
// and refused as theirs). git's safe.directory reasoning: whoever can write
// a path decides what the shim does with it.

// Who the shim runs as.
export interface Principal {
  uid: number;
  gid: number;
}

export function currentPrincipal(): Principal | undefined {
  // getuid is missing only on Windows, where none of this applies.
  if (typeof process.getuid !== 'function' || typeof process.getgid !== 'function') return undefined;
  return { uid: process.getuid(), gid: process.getgid() };
}

// Why a path may not be trusted: its owner is someone else, or someone else
// can write to it. Each caller says it in its own words (config notices,
// state files, repair outcomes).
export type Distrust =
  | { kind: 'owner'; path: string; isDirectory: boolean; uid: number }
  | { kind: 'writable'; path: string; isDirectory: boolean; by: 'others' | 'group'; gid: number };

// What is needed of a stat (a Stats or a BigIntStats).
export interface OwnerStat {
  uid: number | bigint;
  gid: number | bigint;
  mode: number | bigint;
  isDirectory(): boolean;
}

// Why `st` (of `path`) may not be trusted by `me`, or undefined. Group
// write is allowed for my own primary group (user-private groups, umask
// 002, are common on Linux), not for any other.
export function distrust(path: string, st: OwnerStat, me: Principal): Distrust | undefined {
  const isDirectory = st.isDirectory();
  const uid = Number(st.uid);
  const gid = Number(st.gid);
  const mode = Number(st.mode);
  if (uid !== me.uid && uid !== 0) return { kind: 'owner', path, isDirectory, uid };
  if (isDirectory && mode & 0o1000 && uid === me.uid) return undefined;
  if (mode & 0o002) return { kind: 'writable', path, isDirectory, by: 'others', gid };
  if (mode & 0o020 && gid !== me.gid) return { kind: 'writable', path, isDirectory, by: 'group', gid };
  return undefined;
}
