import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Every regular file under `root`, descending only into real directories.
// Not readdirSync({ recursive: true }): from Node 22 on it follows a symlink
// to a directory (a venv's lib64 -> lib), so files there come back twice.
export function regularFilesUnder(root: string): string[] {
  const out: string[] = [];
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) out.push(path);
    }
  }
  return out;
}
