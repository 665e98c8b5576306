import { closeSync, constants, fstatSync, lstatSync, openSync, statSync, type BigIntStats } from 'node:fs';
import { realpathOrNull } from '../common/fs.js';
import { basename, dirname } from 'node:path';

// A file opened once and pinned: what was checked is what gets used. Node
// has no openat()/renameat(), so the directory is pinned the way a shell
// would pin it: the process's working directory is moved into it (checked
// by device and inode), and every tool is given the bare name. A directory
// on the path swapped for a link after that changes nothing for us.
export interface CheckedFile {
  // The real path, as checked and as shown to users.
  path: string;
  dir: string;
  name: string;
  // Open read-only, never through a link.
  fd: number;
  dev: bigint;
  ino: bigint;
  nlink: number;
  mode: number;
  size: number;
  uid: number;
  dirDev: bigint;
  dirIno: bigint;
  dirMode: number;
  dirUid: number;
  dirGid: number;
}

// Opens `path`, which must be a regular file that is its own real path.
// Returns why not, instead, when it is anything else.
export function openChecked(path: string): CheckedFile | string {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted under the name must not hang the open.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? `${path} is a link` : `${path} cannot be opened (${code ?? String(error)})`;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    const real = realpathOrNull(path);
    if (real === null) throw new Error(`${path} no longer resolves`);
    if (real !== path) throw new Error(`${path} no longer resolves to itself (a link was put on its path)`);
    const dir = statSync(dirname(path), { bigint: true });
    const checked: CheckedFile = {
      path, dir: dirname(path), name: basename(path), fd, dev: st.dev, ino: st.ino, nlink: Number(st.nlink),
      mode: Number(st.mode), size: Number(st.size), uid: Number(st.uid),
      dirDev: dir.dev, dirIno: dir.ino, dirMode: Number(dir.mode), dirUid: Number(dir.uid), dirGid: Number(dir.gid),
    };
    const sameName = changedSince(checked);
    if (sameName) throw new Error(sameName);
    return checked;
  } catch (error) {
    closeSync(fd);
    return error instanceof Error ? error.message : String(error);
  }
}

export function closeChecked(file: CheckedFile): void {
  try {
    closeSync(file.fd);
  } catch {
    // Already closed.
  }
}

function same(st: BigIntStats | undefined, dev: bigint, ino: bigint): boolean {
  return st !== undefined && st.dev === dev && st.ino === ino;
}

// null while the path still names the checked file in the checked
// directory; else what changed, in words.
export function changedSince(file: CheckedFile, name = file.path): string | null {
  const st = lstatSync(name, { bigint: true, throwIfNoEntry: false });
  if (!st) return `${file.path} is gone`;
  if (st.isSymbolicLink()) return `${file.path} was replaced by a link`;
  if (!same(st, file.dev, file.ino)) return `${file.path} was replaced by another file`;
  if (name === file.path) {
    if (realpathOrNull(file.path) !== file.path) return `${file.path} no longer resolves to itself (a link was put on its path)`;
  }
  return null;
}

// Runs `act` with the working directory pinned to the checked file's
// directory, so tools given `file.name` reach that directory whatever
// happens to the path meanwhile. The directory and the name are checked
// once pinned; the working directory is restored afterwards.
export async function inCheckedDir<T>(file: CheckedFile, act: () => Promise<T>): Promise<T | string> {
  let back: string | null = null;
  try {
    back = process.cwd();
  } catch {
    // The working directory was deleted; there is nothing to go back to.
  }
  try {
    process.chdir(file.dir);
  } catch (error) {
    return `cannot enter ${file.dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  try {
    if (!same(statSync('.', { bigint: true }), file.dirDev, file.dirIno)) return `${file.dir} was replaced while it was being entered`;
    const changed = changedSince(file, file.name);
    if (changed) return changed;
    return await act();
  } finally {
    if (back !== null) {
      try {
        process.chdir(back);
      } catch {
        // Gone meanwhile: stay where we are; the shim passes uv its cwd explicitly.
      }
    }
  }
}
