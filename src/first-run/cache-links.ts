import { archiveNameOf, indexArchives } from '../uv/cache-archives.js';
import type { NativeFile } from './native-files.js';

// Files that share their inode with uv's cache, so macOS's per-inode
// validation done for one copy holds for the other. A link count of 1 means
// a copy or clone; a higher count must be found in the cache to count as
// shared (another venv's hardlink does not help if uv's copy is gone).
export function unsharedWithCache(files: NativeFile[], uvCacheDir: string): NativeFile[] {
  const linked = files.filter((f) => f.nlink > 1);
  if (linked.length === 0) return files;
  const archivesByTop = indexArchives(uvCacheDir);
  return files.filter((f) => f.nlink <= 1 || !foundInCache(f, archivesByTop));
}

function foundInCache(file: NativeFile, archivesByTop: Map<string, string[]>): boolean {
  return archiveNameOf(archivesByTop, file.inTree, file.dev, file.ino) !== null;
}
