import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { READ_LIMITS, readBounded, readBoundedText } from '../bounded-read.js';
import { isAlive } from '../common/process-alive.js';
import { readProcStat } from '../common/proc-stat.js';
import { createStateFile, stateDirProblem } from '../state-file.js';

// How long a shim waits for another one repairing the same file.
export const LOCK_WAIT_MS = 30_000;
// An owner is refreshed this often while it holds the lock; one not
// refreshed for STALE_MS is gone even when its process cannot be checked
// (its start time unreadable). A live holder, however slow, keeps its lock.
const REFRESH_MS = 10_000;
const STALE_MS = 120_000;
// A lock directory without an owner is being created (mkdir, then the
// owner is renamed in) or was left by a crash between the two.
const OWNERLESS_GRACE_MS = 2_000;
const POLL_MS = 40;

// A lock this process owns until it calls release().
export interface HeldLock {
  // Where the lock lives, and why there (the cache, a private fallback).
  dir: string;
  release(): void;
}

// Who holds a lock: written once, atomically (created under another name
// and renamed in), so a reader sees all of it or none of it.
interface Owner {
  pid: number;
  // The process's start time as the OS reports it: a pid that was reused
  // by an unrelated process has another start time.
  start: string | null;
  token: string;
}

// The start time of a process, or null when it cannot be read. Linux:
// /proc/<pid>/stat field 22 (starttime, clock ticks since boot), read after
// the last ')' because field 2 (comm) may contain spaces and parentheses.
// macOS: `ps -o lstart= -p PID` (no /proc there); one spawn, only when
// judging another process's lock.
export function processStart(pid: number): string | null {
  if (process.platform === 'linux') {
    try {
      const start = readProcStat(pid)(22);
      return Number.isFinite(start) ? String(start) : null;
    } catch {
      return null;
    }
  }
  try {
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    return execFileSync('/bin/ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2_000 }).trim() || null;
  } catch {
    return null;
  }
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    if (!Number.isSafeInteger(o.pid) || o.pid! <= 0 || typeof o.token !== 'string') return null;
    if (o.start !== null && typeof o.start !== 'string') return null;
    return o as Owner;
  } catch {
    return null;
  }
}

// Whether the lock at `dir` belongs to nobody any more: its owner process
// is gone (dead, or its pid now names another process), or it cannot be
// checked and was not refreshed for STALE_MS; an owner file that is empty,
// garbage or negative was never written by a shim (owners are renamed in
// whole); a directory without an owner past the grace period was left by a
// crash between mkdir and the owner's rename (ENOSPC, SIGKILL).
function isAbandoned(dir: string): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return false;
  if (!st.isDirectory()) return true;
  const ownerFile = join(dir, 'owner');
  const ownerStat = statSync(ownerFile, { throwIfNoEntry: false });
  if (!ownerStat) return Date.now() - st.mtimeMs > OWNERLESS_GRACE_MS;
  const read = readBounded(ownerFile, READ_LIMITS.lockOwner);
  // Gone since the stat: its holder released it, and the directory may
  // already be a new holder's. Look again at the next poll rather than
  // take over what may be a live lock.
  if (!read.ok && read.kind === 'missing') return false;
  if (!read.ok && read.kind === 'unreadable') return Date.now() - ownerStat.mtimeMs > STALE_MS;
  const owner = read.ok ? parseOwner(read.bytes.toString('utf8')) : null;
  if (!owner) return true;
  if (!isAlive(owner.pid)) return true;
  const start = processStart(owner.pid);
  if (start !== null && owner.start !== null) return start !== owner.start;
  return Date.now() - ownerStat.mtimeMs > STALE_MS;
}

// Removes an abandoned lock by renaming it aside first (atomic), so two
// waiters that both judged it abandoned do not both remove it.
function takeOver(dir: string): void {
  const tomb = `${dir}.gone-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(dir, tomb);
  } catch {
    return;
  }
  rmSync(tomb, { recursive: true, force: true });
}

// Where locks can live: the cache's locks/ dir when it is usable, else a
// private directory of this user's in the system temp dir (a cache dir on
// a read-only disk, a file in its place, /dev/null). null when neither is.
export function lockRoot(cacheDir: string): { dir: string; fallback: string | null } | { dir: null; why: string } {
  const primary = join(cacheDir, 'locks');
  const problem = stateDirProblem(primary);
  if (!problem) return { dir: primary, fallback: null };
  const uid = process.getuid?.() ?? 'user';
  const fallback = join(tmpdir(), `uv-shim-${uid}`, 'locks');
  const second = stateDirProblem(join(tmpdir(), `uv-shim-${uid}`)) ?? stateDirProblem(fallback);
  if (!second) return { dir: fallback, fallback: problem };
  return { dir: null, why: `${problem}; and ${second}` };
}

function lockDirFor(root: string, file: string): string {
  return join(root, `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.lock`);
}

// Takes the lock for `file`: mkdir is atomic, the one shim whose mkdir
// succeeds owns it. Returns null when the wait ran out; throws (with why)
// when no directory can hold a lock at all.
export async function lockFile(cacheDir: string, file: string, waitMs = LOCK_WAIT_MS): Promise<HeldLock | null> {
  const root = lockRoot(cacheDir);
  if (root.dir === null) throw new Error(`no place for a lock: ${root.why}`);
  const dir = lockDirFor(root.dir, file);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const held = tryLock(dir);
    if (held) return held;
    if (isAbandoned(dir)) {
      takeOver(dir);
      continue;
    }
    if (Date.now() >= deadline) return null;
    await sleep(POLL_MS);
  }
}

function tryLock(dir: string): HeldLock | null {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  const owner: Owner = { pid: process.pid, start: processStart(process.pid), token: randomBytes(8).toString('hex') };
  const ownerFile = join(dir, 'owner');
  const pending = join(dir, `owner.${owner.token}`);
  try {
    createStateFile(pending, JSON.stringify(owner));
    renameSync(pending, ownerFile);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const refresh = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(ownerFile, now, now);
    } catch {
      // Taken over or removed: release() will find it is not ours.
    }
  }, REFRESH_MS);
  refresh.unref();
  return {
    dir,
    release() {
      clearInterval(refresh);
      // Only the owner releases: a lock taken over meanwhile is someone else's.
      let current: Owner | null = null;
      const text = readBoundedText(ownerFile, READ_LIMITS.lockOwner);
      if (text === null) return;
      current = parseOwner(text);
      if (current?.token === owner.token) takeOver(dir);
    },
  };
}
