import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isRegularFile, readBounded, readHead } from '../src/bounded-read.js';
import { fingerprintKey, fingerprintOfStat } from '../src/common/fingerprint.js';

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'uv-shim-bounded-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const isRoot = process.getuid?.() === 0;

// Issue 10 §4: .python-version → /dev/zero read 4.95 GB; a FIFO blocked
// forever. Every case below returns at once, with the reason.
describe('readBounded', () => {
  it('reads a regular file within its bound, and refuses one past it', () => {
    const d = dir();
    writeFileSync(join(d, 'pin'), '3.12\n');
    writeFileSync(join(d, 'big'), 'x'.repeat(2000));
    expect(readBounded(join(d, 'pin'), 16)).toMatchObject({ ok: true, bytes: Buffer.from('3.12\n'), stable: true });
    expect(readBounded(join(d, 'big'), 1000)).toMatchObject({ ok: false, kind: 'too-large' });
    expect(readBounded(join(d, 'missing'), 1000)).toMatchObject({ ok: false, kind: 'missing' });
  });

  it.each(['/dev/zero', '/dev/urandom', '/dev/null'])('refuses %s, directly and through a link uv would follow', (device) => {
    const d = dir();
    symlinkSync(device, join(d, '.python-version'));
    expect(readBounded(device, 1000)).toMatchObject({ ok: false, kind: 'not-regular' });
    expect(readBounded(join(d, '.python-version'), 1000, { follow: true })).toMatchObject({ ok: false, kind: 'not-regular' });
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'pyvenv.cfg')]);
    const started = Date.now();
    expect(readBounded(join(d, 'pyvenv.cfg'), 1000, { follow: true })).toMatchObject({ ok: false, kind: 'not-regular' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a link when not told to follow it (state files)', () => {
    const d = dir();
    writeFileSync(join(d, 'target'), 'secret');
    symlinkSync(join(d, 'target'), join(d, 'verdicts.json'));
    expect(readBounded(join(d, 'verdicts.json'), 1000)).toMatchObject({ ok: false, kind: 'not-regular', why: expect.stringContaining('is a link') });
  });

  it('reads the tail of a long file when asked', () => {
    const d = dir();
    writeFileSync(join(d, 'log'), `${'a'.repeat(100)}END`);
    expect(readBounded(join(d, 'log'), 3, { tail: true })).toMatchObject({ ok: true, bytes: Buffer.from('END') });
  });

  it.skipIf(!isRoot)("refuses another user's file when only ours will do (root only: chown)", () => {
    const d = dir();
    writeFileSync(join(d, 'owner'), '{}');
    chownSync(join(d, 'owner'), 65534, 65534);
    expect(readBounded(join(d, 'owner'), 100, { trusted: true })).toMatchObject({ ok: false, kind: 'foreign' });
  });

  it('refuses a file others can write when only a trusted one will do', () => {
    const d = dir();
    writeFileSync(join(d, 'verdicts.json'), '{}');
    chmodSync(join(d, 'verdicts.json'), 0o666);
    expect(readBounded(join(d, 'verdicts.json'), 100, { trusted: true })).toMatchObject({ ok: false, kind: 'foreign', detail: 'can be written by other users' });
    expect(readBounded(join(d, 'verdicts.json'), 100)).toMatchObject({ ok: true });
  });

  it('reads the head of a long file when asked (an interpreter\'s first bytes)', () => {
    const d = dir();
    writeFileSync(join(d, 'python'), `#!/bin/sh\n${'x'.repeat(100)}`);
    expect(readHead(join(d, 'python'), 2)).toEqual(Buffer.from('#!'));
    expect(readHead(join(d, 'missing'), 2)).toBeNull();
  });

  it('returns the fingerprint of the file it read (what a parsed-config cache is keyed by)', () => {
    const d = dir();
    writeFileSync(join(d, 'a.json'), '{"log": "info"}');
    const r = readBounded(join(d, 'a.json'), 1024);
    expect(r.ok && fingerprintKey(fingerprintOfStat(r.stat))).toMatch(/^\d+:\d+:15:\d+:\d+$/);
  });

  it.each([
    ['a FIFO', (d: string) => { execFileSync('mkfifo', [join(d, 'x')]); return join(d, 'x'); }, 'is a FIFO, not a regular file'],
    ['a link to /dev/zero', (d: string) => { symlinkSync('/dev/zero', join(d, 'x')); return join(d, 'x'); }, 'is a character device, not a regular file'],
    ['a directory', (d: string) => { mkdirSync(join(d, 'x')); return join(d, 'x'); }, 'is a directory, not a regular file'],
    ['a file over the bound', (d: string) => { writeFileSync(join(d, 'x'), 'x'.repeat(2048)); return join(d, 'x'); }, 'is 2048 bytes, more than the 1024 such a file can need'],
    ['a missing file', (d: string) => join(d, 'x'), 'does not exist'],
    ['a path below a file', (d: string) => { writeFileSync(join(d, 'f'), ''); return join(d, 'f', 'x'); }, 'does not exist'],
  ])('says what %s is, in words that follow its path', (_, make, detail) => {
    const path = make(dir());
    expect(readBounded(path, 1024, { follow: true })).toMatchObject({ ok: false, detail, why: `${path} ${detail}` });
  });

  it('isRegularFile: a regular file or a link to one, nothing else', () => {
    const d = dir();
    writeFileSync(join(d, 'f'), '');
    symlinkSync(join(d, 'f'), join(d, 'link'));
    mkdirSync(join(d, 'sub'));
    expect([join(d, 'f'), join(d, 'link'), join(d, 'sub'), join(d, 'missing'), join(d, 'f', 'below'), '/dev/zero'].map(isRegularFile)).toEqual([true, true, false, false, false, false]);
  });
});
