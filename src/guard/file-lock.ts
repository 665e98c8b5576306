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
//   replaced by the same rename, atomically, by exactly one waiter; nobody
//   else moves it (a move would race with that rename).
// - taking over: a lock whose owner is gone is a non-empty directory or a
//   file, so it leaves the name only when someone renames it away. Checking
//   it, then renaming the name, is not enough: between the two another
//   waiter can take it over and a new owner place its own lock, which the
//   rename would then carry off (two holders at once). So moving a lock is
//   exclusive per lock: the mover first creates a claim named after what it
//   judged (the lock's inode and a hash of its owner bytes; mkdir(2) is
//   atomic and exclusive), then checks that lock is still at the name, then
//   renames it to a unique grave, and only then removes its claim. Whoever
//   finds the claim taken goes back to waiting. A lock never returns to the
//   name once gone, so a claim for it is moot from then on.
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
// A claim to move a lock is held for the microseconds between a check and a
// rename. One older than this belongs to a mover that died in between; the
// next claim (the name's generation suffix + 1) is then taken instead. What
// remains possible: a mover stopped for longer than this between its check
// and its rename (SIGSTOP, a suspended laptop) can, once it runs again,
// carry off a lock placed meanwhile by a new owner.
const CLAIM_STALE_MS = 10_000;

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

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
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
  // An empty directory is nobody's, and the next place() replaces it by
  // itself: moving it too would race with that rename.
  if (!seen.owner!.ok && seen.owner!.kind === 'missing' && isEmptyDir(dir)) return null;
  if (!seen.owner!.ok) return judged(`its owner record ${seen.owner!.detail}`);
  const owner = parseOwner(text!);
  if (!owner) return judged('its owner record is not one a shim writes');
  if (!isAlive(owner.pid)) return judged(`its owner (pid ${owner.pid}) is gone`);
  const start = processStart(owner.pid, env);
  if (start !== null && owner.start !== null) return start === owner.start ? null : judged(`pid ${owner.pid} is now another process`);
  const age = Date.now() - Number(seen.owner!.stat.mtimeMs);
  return age > STALE_MS ? judged(`its owner (pid ${owner.pid}) cannot be checked and has not refreshed it for ${Math.round(age / 1000)} s`) : null;
}

// The prefix of the claims to move the lock judged, one per generation.
function claimPrefix(dir: string, judged: Pick<Judged, 'ino' | 'text'>): string {
  const bytes = judged.text === null ? '-' : createHash('sha256').update(judged.text).digest('hex').slice(0, 16);
  return `${dir}.break-${judged.ino}-${bytes}-`;
}

// Takes the claim to move the lock judged: the first generation that is
// free, past claims left by movers that died. null when a live mover holds
// one (or the claim cannot be made): the caller goes back to waiting.
function claim(dir: string, judged: Pick<Judged, 'ino' | 'text'>): string | null {
  const prefix = claimPrefix(dir, judged);
  for (let gen = 0; ; gen++) {
    const path = `${prefix}${gen}`;
    try {
      mkdirSync(path, { mode: 0o700 });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    }
    // Gone meanwhile: its mover finished, so the lock has left the name.
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st || Date.now() - st.mtimeMs <= CLAIM_STALE_MS) return null;
  }
}

// Moves the lock at `dir` out of the way if it is still the one judged,
// holding the claim for it: no one else can move it meanwhile, and what is
// at the name after the check is what was checked.
function seize(dir: string, judged: Pick<Judged, 'ino' | 'text'>): boolean {
  const held = claim(dir, judged);
  if (!held) return false;
  const grave = `${dir}.gone-${randomBytes(6).toString('hex')}`;
  try {
    const now = lookAt(dir);
    if (!now || now.ino !== judged.ino || ownerText(now) !== judged.text) return false;
    renameSync(dir, grave);
  } catch {
    return false;
  } finally {
    rmSync(held, { recursive: true, force: true });
  }
  rmSync(grave, { recursive: true, force: true });
  return true;
}

// Removes what interrupted shims left in `root` for the lock `dir`: graves,
// and new directories that never got the lock, when older than STALE_MS;
// claims for a lock no longer at the name (it never comes back: the claim
// is moot, whoever holds it), left by movers that died.
function sweep(dir: string): void {
  const root = dirname(dir);
  const prefix = basename(dir);
  try {
    const names = readdirSync(root);
    const now = lookAt(dir);
    const current = now && basename(claimPrefix(dir, { ino: now.ino, text: ownerText(now) }));
    for (const name of names) {
      const path = join(root, name);
      if (name.startsWith(`${prefix}.break-`)) {
        if (!current || !name.startsWith(current)) rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (!name.startsWith(`${prefix}.gone-`) && !name.startsWith(`${prefix}.new-`)) continue;
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (st && Date.now() - st.ctimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
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
      if (gone && seize(dir, gone)) {
        tookOver = gone.why;
        sweep(dir);
        continue;
      }
      // Not seized: a live owner, or another waiter moving the dead lock
      // (its claim held): wait for either.
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
