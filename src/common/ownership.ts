import type { Stats } from 'node:fs';

// The one answer to "may I trust (read settings from, write state into,
// rewrite) this path": owned by me or root, and writable by nobody else,
// except a sticky directory of mine (others may add entries to it, but not
// remove or rename mine; what they add is theirs, and refused as theirs).
// git's safe.directory reasoning: whoever can write a path decides what the
// shim does with it.

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
// can write to it. Rendered by whoever says it (config, state, repairs).
export type Distrust =
  | { kind: 'owner'; path: string; isDirectory: boolean; uid: number }
  | { kind: 'writable'; path: string; isDirectory: boolean; by: 'others' | 'group'; gid: number };

// Why `st` (of `path`) may not be trusted by `me`, or undefined. Group
// write is allowed for my own primary group (user-private groups, umask
// 002, are common on Linux), not for any other.
export function distrust(path: string, st: Pick<Stats, 'uid' | 'gid' | 'mode' | 'isDirectory'>, me: Principal): Distrust | undefined {
  const isDirectory = st.isDirectory();
  if (st.uid !== me.uid && st.uid !== 0) return { kind: 'owner', path, isDirectory, uid: st.uid };
  if (isDirectory && st.mode & 0o1000 && st.uid === me.uid) return undefined;
  if (st.mode & 0o002) return { kind: 'writable', path, isDirectory, by: 'others', gid: st.gid };
  if (st.mode & 0o020 && st.gid !== me.gid) return { kind: 'writable', path, isDirectory, by: 'group', gid: st.gid };
  return undefined;
}
