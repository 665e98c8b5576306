import { statSync, type BigIntStats } from 'node:fs';

// One version of a file: device, inode, size, mtime and ctime (ns). Any
// write changes ctime, which only the kernel sets, and so does an xattr
// change; a re-sign writes the file (mtime) or replaces it (inode). Equal
// fingerprints mean the very same bytes and attributes for everything a
// cache keyed by them needs (verdicts, config files, a read that must not
// have raced a writer). Kept as text to survive JSON.
export interface Fingerprint {
  dev: string;
  ino: string;
  size: string;
  mtime: string;
  ctime: string;
}

export function fingerprintOfStat(st: BigIntStats): Fingerprint {
  return { dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtime: String(st.mtimeNs), ctime: String(st.ctimeNs) };
}

// One stat, links followed; null when the file is gone or unreadable.
export function fingerprintOf(file: string): Fingerprint | null {
  try {
    return fingerprintOfStat(statSync(file, { bigint: true }));
  } catch {
    return null;
  }
}

// Every field equal: the very same file version.
export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime === b.mtime && a.ctime === b.ctime;
}

// The same fingerprint as one string, for caches keyed by text (the config cache).
export function fingerprintKey(fp: Fingerprint): string {
  return `${fp.dev}:${fp.ino}:${fp.size}:${fp.mtime}:${fp.ctime}`;
}
