import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { lockFile, lockRoot, processStart } from '../../src/guard/file-lock.js';

function cache(): string {
  const d = mkdtempSync(join(tmpdir(), 'uv-shim-lock-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return join(d, 'cache');
}

const FILE = '/some/python3.12';

// The lock directory lockFile uses for FILE, found by taking it once.
async function lockDirOf(cacheDir: string): Promise<string> {
  const held = (await lockFile(cacheDir, FILE, 0))!;
  held.release();
  return held.dir;
}

// A process that stays alive, unrelated to any lock.
function unrelatedProcess(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill();
  });
  return child.pid!;
}

function plantOwner(dir: string, text: string, ageMs = 0): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'owner'), text);
  const then = new Date(Date.now() - ageMs);
  utimesSync(join(dir, 'owner'), then, then);
  utimesSync(dir, then, then);
}

// Issue 10 §5: each of these made every run wait ~60 s and repair nothing.
describe('a lock is taken over exactly when its owner is gone', () => {
  it.each([
    ['an empty owner file', ''],
    ['a garbage owner', 'not json at all'],
    ['a negative pid', JSON.stringify({ pid: -5, start: null, token: 'x' })],
    ['a dead pid', JSON.stringify({ pid: 999_999_999, start: null, token: 'x' })],
  ])('%s: taken at once', async (_name, owner) => {
    const c = cache();
    const dir = await lockDirOf(c);
    plantOwner(dir, owner);
    const started = Date.now();
    const held = await lockFile(c, FILE, 5_000);
    expect(held).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
    held!.release();
  });

  it('the pid of an unrelated live process (another start time): taken at once', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    const pid = unrelatedProcess();
    expect(processStart(pid)).not.toBeNull();
    plantOwner(dir, JSON.stringify({ pid, start: '1', token: 'x' }));
    expect(await lockFile(c, FILE, 1_000)).not.toBeNull();
  });

  // The owner is inside before the lock has its name, so an empty directory
  // is never a live lock, however new: no grace period to misjudge.
  it('an empty lock directory (the disk filled before the owner was written), however new: taken at once', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    mkdirSync(dir);
    const held = await lockFile(c, FILE, 0);
    expect(held).not.toBeNull();
    expect(readdirSync(held!.dir)).toEqual(['owner']);
  });

  it('an owner that is a directory or a link: taken at once', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    mkdirSync(join(dir, 'owner'), { recursive: true });
    expect((await lockFile(c, FILE, 0))?.tookOver).toMatch(/owner record is a directory/);
  });

  it('a file where the lock directory should be: taken', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    writeFileSync(dir, 'junk');
    expect(await lockFile(c, FILE, 1_000)).not.toBeNull();
  });

  it('a live holder keeps its lock, however long it has held it (its owner 200 s old)', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    const pid = unrelatedProcess();
    plantOwner(dir, JSON.stringify({ pid, start: processStart(pid), token: 'x' }), 200_000);
    expect(await lockFile(c, FILE, 500)).toBeNull();
    expect(existsSync(join(dir, 'owner'))).toBe(true);
    // A waiter that gave up leaves nothing beside the lock.
    expect(readdirSync(join(dir, '..'))).toEqual([basename(dir)]);
  });

  it('is released only by its owner: a lock taken over meanwhile stays', async () => {
    const c = cache();
    const held = (await lockFile(c, FILE, 0))!;
    const pid = unrelatedProcess();
    const theirs = JSON.stringify({ pid, start: processStart(pid), token: 'theirs' });
    writeFileSync(join(held.dir, 'owner'), theirs);
    held.release();
    expect(readFileSync(join(held.dir, 'owner'), 'utf8')).toBe(theirs);
  });

  it('writes its owner whole, with its pid and start time, and leaves nothing after release', async () => {
    const c = cache();
    const held = (await lockFile(c, FILE, 0))!;
    expect(JSON.parse(readFileSync(join(held.dir, 'owner'), 'utf8'))).toMatchObject({ pid: process.pid, start: processStart(process.pid) });
    expect(readdirSync(held.dir)).toEqual(['owner']);
    held.release();
    expect(existsSync(held.dir)).toBe(false);
  });
});

// The claim a mover of the lock at `dir` (holding owner text `text`) takes
// first, generation `gen`: `<lock>.break-<inode>-<sha256(owner)[:16]>-<gen>`.
// Its name is what shims sharing a cache agree on, so it is spelled out here.
function claimOf(dir: string, text: string, gen: number): string {
  const ino = lstatSync(dir, { bigint: true }).ino;
  return `${dir}.break-${ino}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}-${gen}`;
}

// Two waiters that both judged a dead lock could both move "it": the second
// carried off the lock the first had placed meanwhile. Moving a lock is now
// claimed first, per lock; these are the claim's rules.
describe('moving a dead lock is claimed first', () => {
  const DEAD = JSON.stringify({ pid: 999_999_999, start: null, token: 'x' });

  it('a claim held by another mover: the dead lock is left to it, the waiter waits', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    plantOwner(dir, DEAD);
    mkdirSync(claimOf(dir, DEAD, 0));
    expect(await lockFile(c, FILE, 300)).toBeNull();
    expect(readFileSync(join(dir, 'owner'), 'utf8')).toBe(DEAD);
  });

  it('a claim left by a mover that died (older than 10 s): the next one is taken, the lock moved, the leftovers swept', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    plantOwner(dir, DEAD);
    for (const gen of [0, 1]) {
      const left = claimOf(dir, DEAD, gen);
      mkdirSync(left);
      const then = new Date(Date.now() - 11_000);
      utimesSync(left, then, then);
    }
    const held = await lockFile(c, FILE, 1_000);
    expect(held?.tookOver).toBe('its owner (pid 999999999) is gone');
    expect(readdirSync(join(dir, '..'))).toEqual([basename(dir)]);
    held!.release();
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  });

  it('a claim for a lock that has left the name is swept, however new', async () => {
    const c = cache();
    const dir = await lockDirOf(c);
    plantOwner(dir, 'garbage');
    const moot = claimOf(dir, 'garbage', 0);
    rmSync(dir, { recursive: true });
    mkdirSync(moot);
    plantOwner(dir, DEAD);
    const held = await lockFile(c, FILE, 1_000);
    expect(held?.tookOver).toBe('its owner (pid 999999999) is gone');
    expect(existsSync(moot)).toBe(false);
    held!.release();
  });

  it('its owner releases through a claim too, and leaves nothing beside', async () => {
    const c = cache();
    const held = (await lockFile(c, FILE, 0))!;
    const text = readFileSync(join(held.dir, 'owner'), 'utf8');
    mkdirSync(claimOf(held.dir, text, 0));
    held.release();
    // A mover holds the claim: the release leaves the lock to it.
    expect(readFileSync(join(held.dir, 'owner'), 'utf8')).toBe(text);
    rmSync(claimOf(held.dir, text, 0), { recursive: true });
    held.release();
    expect(readdirSync(join(held.dir, '..'))).toEqual([]);
  });
});

// Issue 10 §3: an unusable cache dir made every repair fail with "cannot
// take the repair lock". The lock moves to a private directory instead.
describe('where locks live', () => {
  it.each([['/dev/null'], ['a file']])('a cache dir that is %s: a private fallback in the temp dir', (kind) => {
    let c = '/dev/null';
    if (kind === 'a file') {
      c = cache();
      writeFileSync(c, '');
    }
    const root = lockRoot(c);
    expect(root.dir).toBe(join(tmpdir(), `uv-shim-${process.getuid!()}`, 'locks'));
    expect('fallback' in root && root.fallback).toMatch(/is not a directory/);
  });
});
