import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { lockFile, processStart } from '../../src/guard/file-lock.js';
import { makeFakePython, resignedLocally } from '../helpers/fake-python.js';
import { startProcess } from '../helpers/processes.js';
import { runShim } from '../helpers/sandbox.js';
import { DOUBLES_DIR, makeGuardSandbox, RUN_MANAGED } from './guard-sandbox.js';

// macOS has no /proc: a lock owner's start time comes from
// `ps -o lstart= -p PID`, here the double in test/doubles/ps (its comment
// cites the format). Everything below runs the darwin path on Linux.
const CONTENDER = join(import.meta.dirname, 'fixtures', 'lock-contender.mjs');
const PS = join(DOUBLES_DIR, 'ps');
const DARWIN = { ...process.env, UV_SHIM_PLATFORM: 'darwin', UV_SHIM_PS: PS };
const FILE = '/some/python3.12';
// strftime("%c") in the C locale: "Fri Nov 27 15:24:56 2026".
const LSTART = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

function cache(): string {
  const d = mkdtempSync(join(tmpdir(), 'uv-shim-lock-darwin-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return join(d, 'cache');
}

function unrelatedProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill();
  });
  return child.pid!;
}

async function lockDirOf(c: string, file = FILE): Promise<string> {
  const held = (await lockFile(c, file, 0, DARWIN))!;
  held.release();
  return held.dir;
}

function plantOwner(dir: string, owner: object, ageMs = 0): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'owner'), JSON.stringify(owner));
  const then = new Date(Date.now() - ageMs);
  utimesSync(join(dir, 'owner'), then, then);
}

describe('lock owners on macOS (UV_SHIM_PLATFORM=darwin, the ps double)', () => {
  it("a holder records its start as ps prints it, and a slow one keeps its lock", async () => {
    const c = cache();
    const holder = startProcess(process.execPath, [CONTENDER, 'hold', c, FILE, '4000'], { env: DARWIN });
    const [, dir] = (await holder.waitFor(/^held (.*)$/m))!;
    const owner = JSON.parse(readFileSync(join(dir!, 'owner'), 'utf8')) as { pid: number; start: string };
    expect(owner.start).toMatch(LSTART);
    expect(owner.start).toBe(execFileSync(PS, ['-o', 'lstart=', '-p', String(holder.child.pid)], { encoding: 'utf8' }).trim());
    const then = new Date(Date.now() - 200_000);
    utimesSync(join(dir!, 'owner'), then, then);
    expect(await lockFile(c, FILE, 1_000, DARWIN)).toBeNull();
  });

  it('a pid now naming another process (ps gives another start): taken over at once', async () => {
    const c = cache();
    const pid = unrelatedProcess();
    plantOwner(await lockDirOf(c), { pid, start: 'Thu Jan  1 00:00:00 1970', token: 'x' });
    const held = await lockFile(c, FILE, 1_000, DARWIN);
    expect(held?.tookOver).toBe(`pid ${pid} is now another process`);
  });

  it('the same pid and start: kept', async () => {
    const c = cache();
    const pid = unrelatedProcess();
    plantOwner(await lockDirOf(c), { pid, start: processStart(pid, DARWIN), token: 'x' });
    expect(await lockFile(c, FILE, 500, DARWIN)).toBeNull();
  });

  it('ps unusable: a live owner is kept while it refreshes, and taken over once it has not for 120 s', async () => {
    const env = { ...DARWIN, UV_SHIM_PS: join(tmpdir(), 'no-such-ps') };
    const c = cache();
    const pid = unrelatedProcess();
    const dir = await lockDirOf(c);
    expect(processStart(pid, env)).toBeNull();
    plantOwner(dir, { pid, start: 'Thu Jan  1 00:00:00 1970', token: 'x' });
    expect(await lockFile(c, FILE, 300, env)).toBeNull();
    rmSync(dir, { recursive: true });
    plantOwner(dir, { pid, start: 'Thu Jan  1 00:00:00 1970', token: 'x' }, 200_000);
    expect((await lockFile(c, FILE, 300, env))?.tookOver).toMatch(/cannot be checked and has not refreshed it for 200 s/);
  });

  // End to end: the shim's repair finds the lock of a recycled pid on the
  // interpreter it must repair, and repairs it rather than wait it out.
  it('the shim repairs through a lock whose owner pid was reused', async () => {
    const sb = makeGuardSandbox();
    sb.env.UV_SHIM_PS = PS;
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const dir = await lockDirOf(sb.shimCache, fake.executable);
    const pid = unrelatedProcess();
    plantOwner(dir, { pid, start: 'Thu Jan  1 00:00:00 1970', token: 'x' });
    const r = await runShim(sb, 'uv', RUN_MANAGED, { env: { ...sb.env, UV_SHIM_LOG: 'debug' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`took over the lock on ${fake.executable}: pid ${pid} is now another process`);
    expect(resignedLocally(fake.executable)).toBe(true);
  });
});
