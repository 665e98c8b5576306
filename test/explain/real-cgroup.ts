import { appendFileSync, mkdirSync, readFileSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcCgroup } from '../../src/explain/cgroup.js';

// A real child cgroup with a small memory limit, below the one this process
// is in, for a real OOM kill. Needs root and a memory controller we may
// write to (v2 with memory available to the parent, or v1's memory
// hierarchy); returns null where the machine does not allow it.
export interface MemoryCgroup {
  version: 1 | 2;
  dir: string;
  // The cgroup's path as /proc/self/cgroup names it inside.
  path: string;
  // Shell text that moves the shell itself into the cgroup.
  enter: string;
  remove(): void;
}

// statfs magic numbers: only write where the kernel's cgroup file systems
// are mounted, never into a tmpfs that merely looks like /sys/fs/cgroup.
const CGROUP2_SUPER_MAGIC = 0x63677270;
const CGROUP_SUPER_MAGIC = 0x27e0eb;

export function makeMemoryCgroup(name: string, limitBytes: number): MemoryCgroup | null {
  if (process.getuid?.() !== 0) return null;
  const { v2, v1Memory } = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8'));
  for (const base of v2 === null ? [] : ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    const parent = join(base, v2!);
    if (!isFs(parent, CGROUP2_SUPER_MAGIC) || !readText(join(parent, 'cgroup.controllers')).split(/\s+/).includes('memory')) continue;
    const made = tryCreate(2, parent, join(v2!, name), name, 'memory.max', limitBytes);
    if (made) return made;
  }
  if (v1Memory === null) return null;
  const parent = join('/sys/fs/cgroup/memory', v1Memory);
  if (!isFs(parent, CGROUP_SUPER_MAGIC)) return null;
  return tryCreate(1, parent, join(v1Memory, name), name, 'memory.limit_in_bytes', limitBytes);
}

function tryCreate(version: 1 | 2, parent: string, path: string, name: string, limitFile: string, limit: number): MemoryCgroup | null {
  const dir = join(parent, name);
  try {
    if (version === 2 && !readText(join(parent, 'cgroup.subtree_control')).includes('memory')) {
      appendFileSync(join(parent, 'cgroup.subtree_control'), '+memory');
    }
    mkdirSync(dir);
  } catch {
    return null;
  }
  const remove = () => {
    try {
      rmdirSync(dir);
    } catch {
      // Still has a dying process; the kernel frees it when it is gone.
    }
  };
  try {
    writeFileSync(join(dir, limitFile), String(limit));
  } catch {
    remove();
    return null;
  }
  return { version, dir, path, enter: `echo $$ > '${join(dir, 'cgroup.procs')}'`, remove };
}

function isFs(dir: string, magic: number): boolean {
  try {
    return statfsSync(dir).type === magic;
  } catch {
    return false;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
