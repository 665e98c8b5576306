import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { checkCandidate } from '../../src/guard/check.js';
import { repairCandidate } from '../../src/guard/repair.js';
import type { Candidate } from '../../src/guard/types.js';
import { createLogger } from '../../src/log.js';
import { resignedLocally, makeFakePython, makeFakePythonFile, PROVENANCE_XATTR, xattrNames } from '../helpers/fake-python.js';
import { makeGuardSandbox, toolCalls, type GuardSandbox } from './guard-sandbox.js';

// A managed interpreter macOS kills (provenance, no signature), ready for
// repairCandidate in this process, with the working directory restored
// afterwards (a repair pins it to the file's directory while it acts).
async function killedManaged(prepare?: (sb: GuardSandbox, executable: string) => void) {
  const sb = makeGuardSandbox();
  const fake = makeFakePython(sb.pythons, { provenance: true });
  prepare?.(sb, fake.executable);
  const candidate: Candidate = {
    file: fake.executable, via: fake.links[0]!, kind: 'executable', source: 'managed', installation: fake.root, managed: true,
  };
  const opts = {
    env: sb.env, platform: 'darwin' as const, config: { ...DEFAULT_CONFIG, hooks: { preExec: [], postExit: [] } },
    log: createLogger('silent'), useCache: false, interactive: false,
  };
  const verdict = await checkCandidate(candidate, opts);
  expect(verdict.state).toBe('killed');
  const cwd = process.cwd();
  onTestFinished(() => process.chdir(cwd));
  return { sb, fake, candidate, opts, verdict };
}

const signs = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.includes('--sign'));

// A file outside the allowed trees that must come out of every test as it went in.
function outsideFile(sb: GuardSandbox): { file: string; bytes: Buffer } {
  const dir = join(sb.root, 'outside');
  mkdirSync(dir, { recursive: true });
  const file = makeFakePythonFile(join(dir, 'python3.11'), join(dir, 'starts.log'), { provenance: true });
  return { file, bytes: readFileSync(file) };
}

function expectUntouched(outside: { file: string; bytes: Buffer }): void {
  expect(readFileSync(outside.file).equals(outside.bytes)).toBe(true);
  expect(xattrNames(outside.file)).toContain(PROVENANCE_XATTR);
  expect(resignedLocally(outside.file)).toBe(false);
}

describe('a repair acts only on the file it checked', () => {
  // Issue 10 §2: a file outside the allowed trees, hard-linked into uv's
  // Python dir, was stripped and re-signed in place (same inode).
  it('re-signs a hard-linked file as a new file of its own, and leaves the other name alone', async () => {
    let outside!: { file: string; bytes: Buffer };
    const { sb, fake, candidate, verdict, opts } = await killedManaged((sb, executable) => {
      outside = outsideFile(sb);
      rmSync(executable);
      linkSync(outside.file, executable);
    });
    expect(statSync(outside.file).nlink).toBe(2);
    const outcome = await repairCandidate(candidate, verdict, opts);
    expect(outcome.status).toBe('repaired');
    expect(outcome.steps.map((s) => [s.tool, s.result])).toEqual([['copy', 'ok'], ['codesign', 'ok'], ['rename', 'ok']]);
    expectUntouched(outside);
    expect(statSync(outside.file).nlink).toBe(1);
    expect(statSync(fake.executable).ino).not.toBe(statSync(outside.file).ino);
    expect(resignedLocally(fake.executable)).toBe(true);
    expect(xattrNames(fake.executable)).not.toContain(PROVENANCE_XATTR);
    expect(signs(sb)).toHaveLength(1);
  });

  // Issue 10 §2: bin/ swapped for a link while codesign starts made codesign
  // sign a file outside. The codesign wrapper holds the call for a second;
  // the swap happens then; the tools were given the pinned directory.
  it('signs the checked file when bin/ is swapped for a link while codesign starts', async () => {
    const { sb, fake, candidate, verdict, opts } = await killedManaged();
    const outside = outsideFile(sb);
    const bin = join(fake.root, 'bin');
    const repairing = repairCandidate(candidate, verdict, { ...opts, env: { ...opts.env, UV_SHIM_TEST_TOOL_DELAY: '1' } });
    while (signs(sb).length === 0) await sleep(20);
    renameSync(bin, `${bin}.old`);
    symlinkSync(join(sb.root, 'outside'), bin);
    const outcome = await repairing;
    expectUntouched(outside);
    // The file that was checked (now under bin.old) is the one signed.
    expect(resignedLocally(join(`${bin}.old`, 'python3.11'))).toBe(true);
    expect(outcome.steps.find((s) => s.tool === 'codesign')?.command).toContain(fake.executable);
  });

  // The new-inode fallback: the copy is renamed over the original only if
  // the name still holds the checked file. Another file is put in its place
  // while the copy is being signed (a test seam holds the rename).
  it('does not rename the signed copy over a file that replaced the original meanwhile', async () => {
    const { sb, fake, candidate, verdict, opts } = await killedManaged();
    const ino = statSync(fake.executable).ino;
    process.env.UV_SHIM_TEST_SEAMS = '1';
    process.env.UV_SHIM_TEST_PAUSE_BEFORE_RENAME_MS = '1500';
    onTestFinished(() => {
      delete process.env.UV_SHIM_TEST_SEAMS;
      delete process.env.UV_SHIM_TEST_PAUSE_BEFORE_RENAME_MS;
    });
    const env = { ...opts.env, UV_SHIM_TEST_CODESIGN_FAIL_INODE: String(ino) };
    const repairing = repairCandidate(candidate, verdict, { ...opts, env });
    while (signs(sb).length < 2) await sleep(20);
    await sleep(300);
    const replacement = join(sb.root, 'replacement');
    writeFileSync(replacement, '#!/bin/sh\necho replaced\n', { mode: 0o755 });
    renameSync(replacement, fake.executable);
    const outcome = await repairing;
    expect(outcome.status).toBe('did-not-help');
    expect(outcome.steps.at(-1)).toMatchObject({ tool: 'rename', result: 'failed' });
    expect(outcome.steps.at(-1)!.said).toContain('replaced by another file');
    expect(readFileSync(fake.executable, 'utf8')).toBe('#!/bin/sh\necho replaced\n');
    expect(readdirSync(join(fake.root, 'bin')).filter((n) => n.includes('.uv-shim-'))).toEqual([]);
  });

  it('sweeps the copy an interrupted repair left behind, and only a dead process’s', async () => {
    const { fake, candidate, verdict, opts } = await killedManaged();
    const bin = join(fake.root, 'bin');
    const dead = join(bin, '.python3.11.uv-shim-999999999-0badc0de');
    const live = join(bin, `.python3.11.uv-shim-${process.ppid}-0badc0de`);
    writeFileSync(dead, 'a whole interpreter');
    writeFileSync(live, 'being made by a live process');
    const outcome = await repairCandidate(candidate, verdict, opts);
    expect(outcome.status).toBe('repaired');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('refuses a directory others can write without the sticky bit: the name could be swapped under it', async () => {
    const { sb, fake, candidate, verdict, opts } = await killedManaged();
    const { chmodSync } = await import('node:fs');
    chmodSync(join(fake.root, 'bin'), 0o777);
    const outcome = await repairCandidate(candidate, verdict, opts);
    expect(outcome).toMatchObject({ status: 'skipped', skipped: { kind: 'others-can-write', dir: join(fake.root, 'bin'), by: 'others' } });
    expect(signs(sb)).toEqual([]);
  });

  // The one ownership rule (common/ownership.ts): group write is allowed for
  // my own primary group (user-private groups, umask 002), for no other.
  it('judges a group-writable directory by whose group it is, as every other path', async () => {
    const { sb, fake, candidate, verdict, opts } = await killedManaged();
    const { chmodSync, chownSync } = await import('node:fs');
    const bin = join(fake.root, 'bin');
    chmodSync(bin, 0o775);
    expect(await repairCandidate(candidate, verdict, opts)).toMatchObject({ status: 'repaired' });
    if (process.getuid?.() !== 0) return;
    // Root can hand the directory's group to another (nogroup).
    const other = await killedManaged();
    const otherBin = join(other.fake.root, 'bin');
    chmodSync(otherBin, 0o775);
    chownSync(otherBin, 0, 65534);
    const outcome = await repairCandidate(other.candidate, other.verdict, other.opts);
    expect(outcome).toMatchObject({ status: 'skipped', skipped: { kind: 'others-can-write', dir: otherBin, by: 'group', gid: 65534 } });
    expect(signs(other.sb)).toEqual([]);
    expect(signs(sb)).toHaveLength(1);
  });
});
