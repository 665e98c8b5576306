import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readRegularFile } from '../../src/config/read-file.js';
import { makeSandbox, runReal, runShim } from '../helpers/sandbox.js';

function dir() {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-read-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe('readRegularFile', () => {
  it('reads a regular file whole, with the fingerprint of what it read', () => {
    const file = join(dir(), 'a.json');
    writeFileSync(file, '{"log": "info"}');
    const r = readRegularFile(file, 1024);
    expect(r.ok && r.bytes.toString()).toBe('{"log": "info"}');
    expect(r.ok && r.stable).toBe(true);
  });

  it.each([
    ['a FIFO', (d: string) => { execFileSync('mkfifo', [join(d, 'x')]); return join(d, 'x'); }, { kind: 'not-regular', what: 'a FIFO' }],
    ['a link to /dev/zero', (d: string) => { symlinkSync('/dev/zero', join(d, 'x')); return join(d, 'x'); }, { kind: 'not-regular', what: 'a character device' }],
    ['a directory', (d: string) => { mkdirSync(join(d, 'x')); return join(d, 'x'); }, { kind: 'not-regular', what: 'a directory' }],
    ['a file over the bound', (d: string) => { writeFileSync(join(d, 'x'), 'x'.repeat(2048)); return join(d, 'x'); }, { kind: 'too-large', size: 2048, limit: 1024 }],
    ['a missing file', (d: string) => join(d, 'x'), { kind: 'error', code: 'ENOENT' }],
  ])('refuses %s without waiting or reading it', (_, make, failure) => {
    expect(readRegularFile(make(dir()), 1024)).toEqual({ ok: false, failure });
  });

  it('refuses a link when told not to follow links', () => {
    const d = dir();
    writeFileSync(join(d, 'target'), '{}');
    symlinkSync(join(d, 'target'), join(d, 'link'));
    expect(readRegularFile(join(d, 'link'), 1024, { noFollow: true })).toEqual({ ok: false, failure: { kind: 'error', code: 'ELOOP' } });
  });
});

describe('a config file that is not a regular file, end to end', () => {
  it.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), 'is a FIFO, not a regular file; not read'],
    ['a link to /dev/zero', (p: string) => symlinkSync('/dev/zero', p), 'is a character device, not a regular file; not read'],
  ])('%s: one line on stderr, and uv runs at once', async (_, make, message) => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    make(file);
    const r = await runShim(sb, 'uv', ['--version']);
    const direct = await runReal(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.equals(direct.stdout)).toBe(true);
    expect(r.stderr).toBe(`uv-shim: ignoring invalid configuration:\n  ${file}: ${message}\n`);
  });
});
