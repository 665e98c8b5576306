import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readHead } from '../bounded-read.js';
import { machOKind } from '../darwin/macho/magic.js';

export interface NativeFile {
  path: string;
  // Path inside the package tree (relative to site-packages), the same path
  // the file has inside the unpacked wheel in uv's cache.
  inTree: string;
  dev: number;
  ino: number;
  nlink: number;
  birthtimeMs: number;
}

// Identifies one file on disk across counts. The inode number alone is not
// enough: Linux hands a freed inode number to the next new file at once, so
// a reinstalled library can come back with its old number; the birth time
// tells them apart (0 where the file system has none).
export function fileIdentity(file: Pick<NativeFile, 'dev' | 'ino' | 'birthtimeMs'>): string {
  return `${file.dev}:${file.ino}:${file.birthtimeMs}`;
}

// Extensions that are never executable code: skipped without being opened.
const TEXT_OR_DATA = new Set([
  'py', 'pyc', 'pyi', 'pyx', 'pxd', 'pxi', 'txt', 'md', 'rst', 'json', 'toml', 'cfg', 'ini', 'h', 'hpp', 'c',
  'cc', 'cpp', 'html', 'css', 'js', 'csv', 'typed', 'pem', 'yaml', 'yml', 'xml', 'svg', 'png', 'jpg', 'gif',
  'ico', 'mo', 'po', 'npy', 'npz', 'pkl', 'zip', 'gz', 'whl', 'pth', 'sh', 'bat', 'ps1', 'csh', 'fish', 'nu',
  'ttf', 'afm', 'tcl', 'tm', 'enc', 'msg', 'lock',
]);

const ELF = [0x7f, 0x45, 0x4c, 0x46];

// Is this file native code macOS would validate on load? Decided by magic:
// Mach-O (thin or universal), or also ELF when the Mach-O check is set aside
// (Linux test runs, where wheels carry ELF libraries).
export function isNativeCode(head: Uint8Array, machOOnly: boolean): boolean {
  if (machOKind(head) !== 'not-macho') return true;
  return !machOOnly && head.length >= 4 && ELF.every((b, i) => head[i] === b);
}

// OS edge: a FIFO or a link put in place since the listing is not waited on or followed.
function headOf(path: string): Uint8Array {
  return readHead(path, 8, { follow: false }) ?? new Uint8Array(0);
}

// Is this file native code (see isNativeCode)? Decided by its name, then by
// its first bytes; unreadable files are not.
export function isNativeFile(path: string, machOOnly: boolean): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot > 0 && TEXT_OR_DATA.has(name.slice(dot + 1).toLowerCase())) return false;
  return isNativeCode(headOf(path), machOOnly);
}

// Every native library and executable in an environment. Symlinks are never
// followed (a venv's python links to a system binary the shim must not
// count, let alone touch), nor are __pycache__ and *.dist-info entered.
export function findNativeFiles(environment: string, machOOnly: boolean): NativeFile[] {
  const found: NativeFile[] = [];
  const walk = (dir: string, treeRoot: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '__pycache__' || entry.name.endsWith('.dist-info')) continue;
        walk(path, entry.name === 'site-packages' ? path : treeRoot);
        continue;
      }
      if (!entry.isFile() || !isNativeFile(path, machOOnly)) continue;
      try {
        const st = lstatSync(path);
        found.push({
          path,
          inTree: relative(treeRoot, path).split(sep).join('/'),
          dev: st.dev,
          ino: st.ino,
          nlink: st.nlink,
          birthtimeMs: st.birthtimeMs,
        });
      } catch {
        // Removed while we looked: nothing to validate.
      }
    }
  };
  walk(environment, environment);
  return found;
}
