import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { READ_LIMITS, readBounded } from '../bounded-read.js';
import { isAlive } from '../common/process-alive.js';
import { readProcStat } from '../common/proc-stat.js';
import { psPath } from '../darwin/tool-paths.js';
import { currentPlatform } from '../platform.js';
import { createStateFile, stateDirProblem } from '../state-file.js';

// Per-file locks between shims. A lock is a directory `<hash>.lock` with
// its owner record inside. proper-lockfile (the library issue 10 names) is
// not used: it judges a lock by its mtime alone (a holder that misses a
// refresh, its event loop busy in a long codesign, is taken over; a dead
// holder is waited for until the mtime ages), it records no owner to check,
// and it reclaims a stale lock with rmdir then mkdir, which lets two waiters
// both hold it (moxystudio/node-proper-lockfile#121, open).
//
// Here:
// - taking: the owner record is written into a private new directory, then
//   that directory is renamed to the lock's name. rename(2) of a directory
//   onto a non-empty directory fails (ENOTEMPTY/EEXIST), onto a file fails
//   (ENOTDIR): one rename wins, and the lock never exists without its owner.
//   An empty directory at the name (left by an older shim, or a crash) is
//   replaced by the same rename, atomically, by exactly one waiter.
// - taking over: a lock whose owner is gone is renamed to a unique grave
//   name; of waiters that judged it together only one rename finds it. The
//   winner checks that what it moved is what it judged (same inode, same
//   owner bytes) and puts anything else back.
// - releasing: the same move, by its owner only (its own inode and bytes).

// How long a shim waits for another one repairing the same file.
export const LOCK_WAIT_MS = 30_000;
// An owner is refreshed this often while it holds the lock; one not
// refreshed for STALE_MS is gone when its process cannot be checked (its
// start time unreadable). A live holder whose start time matches keeps its
// lock however slow it is.
const REFRESH_MS = 10_000;
const STALE_MS = 120_000;
const POLL_MS = 40;

// A lock this process owns until it calls release().
export interface HeldLock {
  // Where the lock lives (the cache, or a private fallback).
  dir: string;
  // Why the lock this process removed on the way was abandoned, when it did.
  tookOver: string | null;
  release(): void;
}

// Who holds a lock: written once, before the lock exists under its name.
interface Owner {
  pid: number;
  // The process's start time as the OS reports it: a pid that was reused
  // by an unrelated process has another start time.
  start: string | null;
  token: string;
}

// What a waiter judged: the lock's inode and owner bytes (null: none
// readable) and why its owner is gone.
interface Judged {
  ino: bigint;
  text: string | null;
  why: string;
}

// The start time of a process, or null when it cannot be read. Linux:
// /proc/<pid>/stat field 22 (starttime, clock ticks since boot). macOS (no
// /proc): `ps -o lstart= -p PID`, one spawn, second resolution; a pid is not
// reused within the second it was started in.
export function processStart(pid: number, env: NodeJS.ProcessEnv = process.env): string | null {
  if (currentPlatform(env) !== 'darwin') {
    try {
      const start = readProcStat(pid)(22);
      return Number.isFinite(start) ? String(start) : null;
    } catch {
      return null;
    }
  }
  try {
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    const out = execFileSync(psPath(env), ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() || null;
  } catch {
    return null;
  }
}

let ownStart: { platform: string; start: string | null } | null = null;

// This process's own record; its start time is read once per process.
function newOwner(env: NodeJS.ProcessEnv): Owner {
  const platform = currentPlatform(env);
  if (ownStart?.platform !== platform) ownStart = { platform, start: processStart(process.pid, env) };
  return { pid: process.pid, start: ownStart.start, token: randomBytes(8).toString('hex') };
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

// The lock's inode and owner text as they are now; null when nothing is there.
function lookAt(dir: string): { ino: bigint; isDir: boolean; owner: ReturnType<typeof readBounded> | null } | null {
  const st = lstatSync(dir, { throwIfNoEntry: false, bigint: true });
  if (!st) return null;
  if (!st.isDirectory()) return { ino: st.ino, isDir: false, owner: null };
  return { ino: st.ino, isDir: true, owner: readBounded(join(dir, 'owner'), READ_LIMITS.lockOwner) };
}

function ownerText(seen: NonNullable<ReturnType<typeof lookAt>>): string | null {
  return seen.owner?.ok ? seen.owner.bytes.toString('utf8') : null;
}

// Whether the lock at `dir` belongs to nobody any more, and why. An owner
// is always inside before the lock has its name, so a lock without a
// readable, well-formed owner was not made by a shim (or its disk filled
// before the rename); otherwise its owner process is gone (dead, or its pid
// now names a process started at another time), or cannot be checked and
// was not refreshed for STALE_MS.
function abandoned(dir: string, env: NodeJS.ProcessEnv): Judged | null {
  const seen = lookAt(dir);
  if (!seen) return null;
  const text = ownerText(seen);
  const judged = (why: string): Judged => ({ ino: seen.ino, text, why });
  if (!seen.isDir) return judged('not a directory');
  if (!seen.owner!.ok) return judged(`its owner record ${seen.owner!.detail}`);
  const owner = parseOwner(text!);
  if (!owner) return judged('its owner record is not one a shim writes');
  if (!isAlive(owner.pid)) return judged(`its owner (pid ${owner.pid}) is gone`);
  const start = processStart(owner.pid, env);
  if (start !== null && owner.start !== null) return start === owner.start ? null : judged(`pid ${owner.pid} is now another process`);
  const age = Date.now() - Number(seen.owner!.stat.mtimeMs);
  return age > STALE_MS ? judged(`its owner (pid ${owner.pid}) cannot be checked and has not refreshed it for ${Math.round(age / 1000)} s`) : null;
}

// Moves the lock at `dir` out of the way if it is still the one judged.
// Only one of several callers' renames can find it; the one that did checks
// what it moved and puts back a lock that is not the one judged (another
// waiter took over and a new owner placed its own meanwhile).
function seize(dir: string, judged: Pick<Judged, 'ino' | 'text'>): boolean {
  const before = lookAt(dir);
  if (!before || before.ino !== judged.ino || ownerText(before) !== judged.text) return false;
  const grave = `${dir}.gone-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(dir, grave);
  } catch {
    return false;
  }
  const moved = lookAt(grave);
  if (moved && moved.ino === judged.ino && ownerText(moved) === judged.text) {
    rmSync(grave, { recursive: true, force: true });
    return true;
  }
  try {
    renameSync(grave, dir);
  } catch {
    // A lock was placed under the name in the microseconds it was free: the
    // one moved here stays aside (swept later) rather than replace it.
  }
  return false;
}

// Removes what interrupted shims left in `root` for the lock `dir`: graves,
// and new directories that never got the lock, when older than STALE_MS.
function sweep(dir: string): void {
  const root = dirname(dir);
  const prefix = basename(dir);
  try {
    for (const name of readdirSync(root)) {
      if (!name.startsWith(`${prefix}.gone-`) && !name.startsWith(`${prefix}.new-`)) continue;
      const st = lstatSync(join(root, name), { throwIfNoEntry: false });
      if (st && Date.now() - st.ctimeMs > STALE_MS) rmSync(join(root, name), { recursive: true, force: true });
    }
  } catch {
    // Best effort: a leftover costs a directory entry, nothing else.
  }
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

// A private directory beside the lock holding `owner`, ready to be renamed
// to the lock's name; its inode is the lock's once it is.
function prepare(dir: string, owner: Owner): { path: string; ino: bigint; text: string } {
  const path = `${dir}.new-${owner.token}`;
  mkdirSync(path, { mode: 0o700 });
  const text = JSON.stringify(owner);
  try {
    createStateFile(join(path, 'owner'), text);
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
  return { path, ino: lstatSync(path, { bigint: true }).ino, text };
}

// Whether the rename made the lock ours; false when the name is taken.
function place(path: string, dir: string): boolean {
  try {
    renameSync(path, dir);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') return false;
    throw error;
  }
}

// Takes the lock for `file`. Returns null when the wait ran out; throws
// (with why) when no directory can hold a lock or the owner record cannot
// be written (a full disk).
export async function lockFile(cacheDir: string, file: string, waitMs = LOCK_WAIT_MS, env: NodeJS.ProcessEnv = process.env): Promise<HeldLock | null> {
  const root = lockRoot(cacheDir);
  if (root.dir === null) throw new Error(`no place for a lock: ${root.why}`);
  const dir = lockDirFor(root.dir, file);
  const owner = newOwner(env);
  const mine = prepare(dir, owner);
  let placed = false;
  let tookOver: string | null = null;
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      placed = place(mine.path, dir);
      if (placed) return hold(dir, mine, tookOver);
      const gone = abandoned(dir, env);
      if (gone) {
        if (seize(dir, gone)) {
          tookOver = gone.why;
          sweep(dir);
        }
        continue;
      }
      if (Date.now() >= deadline) return null;
      await sleep(POLL_MS);
    }
  } finally {
    if (!placed) rmSync(mine.path, { recursive: true, force: true });
  }
}

function hold(dir: string, mine: { ino: bigint; text: string }, tookOver: string | null): HeldLock {
  const ownerFile = join(dir, 'owner');
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
    tookOver,
    release() {
      clearInterval(refresh);
      // Only the owner releases: a lock taken over meanwhile is someone else's.
      seize(dir, mine);
    },
  };
}
