import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// uv unpacks each wheel once under <cache>/archive-v0/<id>/ and links or
// copies files from there, keeping their paths inside the wheel.
const ARCHIVE_BUCKET = 'archive-v0';

// One directory listing per unpacked wheel: top-level name → archives
// holding it, so each file is looked up only where it can be.
export function indexArchives(uvCacheDir: string): Map<string, string[]> {
  const bucket = join(uvCacheDir, ARCHIVE_BUCKET);
  const byTop = new Map<string, string[]>();
  let archives: string[] = [];
  try {
    archives = readdirSync(bucket);
  } catch {
    return byTop;
  }
  for (const archive of archives) {
    let tops: string[] = [];
    try {
      tops = readdirSync(join(bucket, archive));
    } catch {
      continue;
    }
    for (const top of tops) {
      const list = byTop.get(top) ?? [];
      list.push(join(bucket, archive));
      byTop.set(top, list);
    }
  }
  return byTop;
}

// The archive's name for a file at `inTree` (its path inside its wheel)
// that is the very file (device, inode) given, or null.
export function archiveNameOf(archivesByTop: Map<string, string[]>, inTree: string, dev: number, ino: number): string | null {
  for (const archive of archivesByTop.get(inTree.split('/')[0]!) ?? []) {
    try {
      const st = statSync(join(archive, inTree));
      if (st.ino === ino && st.dev === dev) return join(archive, inTree);
    } catch {
      // Not in this archive.
    }
  }
  return null;
}

// The name in uv's cache that `file` (in some site-packages) is a hard link
// of, or null: found where uv unpacked the file's wheel, same device and
// inode. Only that bucket is looked in, so a link elsewhere is never taken
// for uv's.
export function cacheNameOf(file: string, uvCacheDir: string): string | null {
  const at = file.lastIndexOf('/site-packages/');
  if (at === -1) return null;
  let st;
  try {
    // lstat: a symbolic link is never a hard link, and what it points at
    // (maybe the cache's own file) is not the file that was checked.
    st = lstatSync(file);
  } catch {
    return null;
  }
  if (!st.isFile() || st.nlink <= 1) return null;
  return archiveNameOf(indexArchives(uvCacheDir), file.slice(at + '/site-packages/'.length), st.dev, st.ino);
}
