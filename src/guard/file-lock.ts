import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// How long a shim waits for another one repairing the same file, and when a
// lock is considered abandoned (its owner died without removing it).
export const LOCK_WAIT_MS = 30_000;
const STALE_MS = 120_000;
const POLL_MS = 40;

// A lock this process owns until it calls release().
export interface HeldLock {
  release(): void;
}

function lockDir(cacheDir: string, file: string): string {
  return join(cacheDir, 'locks', `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.lock`);
}

// mkdir is atomic on every local file system: the one shim whose mkdir
// succeeds owns the lock. Returns null when the wait ran out.
export async function lockFile(cacheDir: string, file: string, waitMs = LOCK_WAIT_MS): Promise<HeldLock | null> {
  const dir = lockDir(cacheDir, file);
  mkdirSync(join(cacheDir, 'locks'), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'owner'), String(process.pid));
      return { release: () => rmSync(dir, { recursive: true, force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isAbandoned(dir)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) return null;
    await sleep(POLL_MS);
  }
}

// The owner is gone (no such process) or the lock is far older than any repair.
function isAbandoned(dir: string): boolean {
  try {
    if (Date.now() - statSync(dir).mtimeMs > STALE_MS) return true;
    const pid = Number.parseInt(readFileSync(join(dir, 'owner'), 'utf8'), 10);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
