import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { lockFile, processStart } from '../../src/guard/file-lock.js';
import { startProcess } from '../helpers/processes.js';

// Real processes contending for one lock, through the built module.
const CONTENDER = join(import.meta.dirname, 'fixtures', 'lock-contender.mjs');
const FILE = '/some/python3.12';

function cache(): string {
  const d = mkdtempSync(join(tmpdir(), 'uv-shim-lock-race-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function lockDirOf(cacheDir: string): Promise<string> {
  const held = (await lockFile(cacheDir, FILE, 0))!;
  held.release();
  return held.dir;
}

// A pid that named a process a moment ago and names none now.
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

// What a crashed or foreign holder leaves at the lock's name, by round.
const DEAD_LOCKS: [string, (dir: string) => void][] = [
  ['a dead owner', (dir) => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: deadPid(), start: '1', token: 'dead' }));
  }],
  ['an empty directory (the disk filled before the owner was written)', (dir) => mkdirSync(dir)],
  ['a garbage owner', (dir) => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'owner'), 'garbage');
  }],
  ['a file where the directory should be', (dir) => writeFileSync(dir, 'junk')],
];

type Round = { kind: string; takeovers: number; overlaps: number; held: number };

// One round: `kinds` planted at the lock's name in turn, `n` contenders
// released together at it. Each contender, once it holds the lock, creates a
// marker exclusively: a second holder at the same time would find it.
async function race(root: string, kinds: typeof DEAD_LOCKS, rounds: number, n: number, env: NodeJS.ProcessEnv = {}): Promise<Round[]> {
  const c = join(root, 'cache');
  const dir = await lockDirOf(c);
  const out: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    const [kind, plant] = kinds[round % kinds.length]!;
    const markers = join(root, `markers-${round}`);
    mkdirSync(markers);
    const go = join(root, `go-${round}`);
    plant(dir);
    const contenders = Array.from({ length: n }, () => startProcess(process.execPath, [CONTENDER, 'race', c, FILE, go, markers, '15'], { env: { ...process.env, ...env } }));
    // Give every contender time to start and wait at the line.
    await new Promise((r) => setTimeout(r, 1_500));
    writeFileSync(go, '');
    const results = await Promise.all(contenders.map(async (p) => {
      const { code } = await p.exited;
      expect(code, p.stderr()).toBe(0);
      return JSON.parse(p.stdout()) as { held: boolean; overlap?: boolean; tookOver?: string | null };
    }));
    out.push({
      kind,
      takeovers: results.filter((r) => r.tookOver).length,
      overlaps: results.filter((r) => r.overlap).length,
      held: results.filter((r) => r.held).length,
    });
  }
  return out;
}

describe('a dead lock and many waiters', () => {
  // Issue 10 §5: two waiters could both judge the same dead lock and both
  // take it (a check, then a remove). Exactly one contender per round
  // removed the dead lock.
  it('6 processes racing for one dead lock, 12 rounds: one takes it over, never two holders at once', async () => {
    const rounds = await race(cache(), DEAD_LOCKS, 12, 6);
    // An empty directory is replaced by the winner's rename itself, in the
    // same step that takes the lock: nobody had to remove it first.
    expect(rounds).toEqual(rounds.map(({ kind }) => ({ kind, takeovers: kind.startsWith('an empty') ? 0 : 1, overlaps: 0, held: 6 })));
  }, 180_000);

  // A waiter that judged the dead lock, then was descheduled before moving
  // it, found a new holder's lock at the name and moved that one instead:
  // two holders at once. Each contender here stops for up to 60 ms before
  // every move away from the lock's name, as a loaded machine may.
  it('waiters stopped between judging and moving (6 processes, 16 rounds): never two holders at once', async () => {
    const kinds = DEAD_LOCKS.filter(([kind]) => kind === 'a dead owner' || kind === 'a garbage owner');
    const rounds = await race(cache(), kinds, 16, 6, { LOCK_CONTENDER_SLOW_MOVE_MS: '60' });
    expect(rounds).toEqual(rounds.map(({ kind }) => ({ kind, takeovers: 1, overlaps: 0, held: 6 })));
  }, 180_000);
});

describe('a live holder', () => {
  // A holder busy in a long synchronous call does not refresh its owner
  // record; its process is alive and started when it says: never taken over.
  it('a slow live holder (owner record 200 s old, its event loop blocked) keeps its lock', async () => {
    const c = join(cache(), 'cache');
    const holder = startProcess(process.execPath, [CONTENDER, 'hold', c, FILE, '5000']);
    const [, dir] = (await holder.waitFor(/^held (.*)$/m))!;
    const then = new Date(Date.now() - 200_000);
    utimesSync(join(dir!, 'owner'), then, then);
    expect(await lockFile(c, FILE, 1_500)).toBeNull();
    expect(JSON.parse(readFileSync(join(dir!, 'owner'), 'utf8'))).toMatchObject({ pid: holder.child.pid, start: processStart(holder.child.pid!) });
  });

  it('a holder killed with SIGKILL: its lock is taken over at once, saying why', async () => {
    const c = join(cache(), 'cache');
    const holder = startProcess(process.execPath, [CONTENDER, 'hold', c, FILE, '0']);
    await holder.waitFor(/^held /m);
    holder.child.kill('SIGKILL');
    await holder.ended;
    const held = await lockFile(c, FILE, 5_000);
    expect(held?.tookOver).toBe(`its owner (pid ${holder.child.pid}) is gone`);
    held!.release();
  });
});
