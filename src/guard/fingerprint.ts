import { statSync } from 'node:fs';

// What identifies one version of a file for the verdict cache. An xattr
// change moves ctime; a re-sign writes the file (mtime) or replaces it
// (inode); so a cached verdict is only reused for the very same bytes and
// attributes. Times are kept in nanoseconds, as text, to survive JSON.
export interface Fingerprint {
  dev: string;
  ino: string;
  size: string;
  mtime: string;
  ctime: string;
}

// One stat; null when the file is gone or unreadable.
export function fingerprintOf(file: string): Fingerprint | null {
  try {
    const st = statSync(file, { bigint: true });
    return { dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtime: String(st.mtimeNs), ctime: String(st.ctimeNs) };
  } catch {
    return null;
  }
}

// Every field equal: the very same file version.
export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime === b.mtime && a.ctime === b.ctime;
}
