import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeFile } from './native-files.js';

// uv unpacks each wheel once under <cache>/archive-v0/<id>/ and links or
// copies files from there, keeping their paths inside the wheel.
const ARCHIVE_BUCKET = 'archive-v0';

// Files that share their inode with uv's cache, so macOS's per-inode
// validation done for one copy holds for the other. A link count of 1 means
// a copy or clone; a higher count must be found in the cache to count as
// shared (another venv's hardlink does not help if uv's copy is gone).
export function unsharedWithCache(files: NativeFile[], uvCacheDir: string): NativeFile[] {
  const linked = files.filter((f) => f.nlink > 1);
  if (linked.length === 0) return files;
  const archivesByTop = indexArchives(join(uvCacheDir, ARCHIVE_BUCKET));
  return files.filter((f) => f.nlink <= 1 || !foundInCache(f, archivesByTop));
}

// One directory listing per unpacked wheel: top-level name → archives
// holding it, so each file is looked up only where it can be.
function indexArchives(bucket: string): Map<string, string[]> {
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

function foundInCache(file: NativeFile, archivesByTop: Map<string, string[]>): boolean {
  const top = file.inTree.split('/')[0]!;
  for (const archive of archivesByTop.get(top) ?? []) {
    try {
      const st = statSync(join(archive, file.inTree));
      if (st.ino === file.ino && st.dev === file.dev) return true;
    } catch {
      // Not in this archive.
    }
  }
  return false;
}
