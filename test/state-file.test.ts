import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { appendStateLine, foreignStateDir, readStateFile, replaceStateFile, stateDirProblem } from '../src/state-file.js';

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'uv-shim-state-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const isRoot = process.getuid?.() === 0;

// Issue 10 §3: repairs.log was appended through a symlink planted in the
// cache dir. State files are never written through a link.
describe('state files', () => {
  it('creates its directory 0700 and its files 0600', () => {
    const cache = join(dir(), 'uv-shim');
    appendStateLine(cache, join(cache, 'repairs.log'), 'one\n');
    replaceStateFile(cache, join(cache, 'verdicts.json'), '{}');
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(join(cache, 'repairs.log')).mode & 0o777).toBe(0o600);
    expect(statSync(join(cache, 'verdicts.json')).mode & 0o777).toBe(0o600);
  });

  it('does not append through a link planted at the log', () => {
    const root = dir();
    const cache = join(root, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    writeFileSync(join(root, 'root-only'), 'before\n', { mode: 0o600 });
    symlinkSync(join(root, 'root-only'), join(cache, 'repairs.log'));
    expect(() => appendStateLine(cache, join(cache, 'repairs.log'), '{"crafted":1}\n')).toThrow(/ELOOP/);
    expect(readFileSync(join(root, 'root-only'), 'utf8')).toBe('before\n');
  });

  it('replaces a link planted at a state file instead of writing through it', () => {
    const root = dir();
    const cache = join(root, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    writeFileSync(join(root, 'target'), 'precious');
    symlinkSync(join(root, 'target'), join(cache, 'verdicts.json'));
    replaceStateFile(cache, join(cache, 'verdicts.json'), '{"format":1}');
    expect(readFileSync(join(root, 'target'), 'utf8')).toBe('precious');
    expect(statSync(join(cache, 'verdicts.json')).isFile()).toBe(true);
  });

  it('refuses a cache dir others can write, and a file or /dev/null in its place', () => {
    const root = dir();
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    writeFileSync(join(root, 'file'), '');
    expect(stateDirProblem(open)).toMatch(/can be written by other users/);
    expect(stateDirProblem(join(root, 'file'))).toMatch(/is not a directory/);
    expect(stateDirProblem('/dev/null')).toMatch(/is not a directory/);
    expect(() => appendStateLine(open, join(open, 'repairs.log'), 'x\n')).toThrow(/written by other users/);
  });

  it.skipIf(!isRoot)("refuses a cache dir that belongs to another user (root only: chown)", () => {
    const theirs = join(dir(), 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    expect(stateDirProblem(theirs)).toMatch(/belongs to another user \(uid 65534\)/);
  });
});

// What a state file says decides which hooks run (trust records): it is read
// only from a directory and a file of this user's that nobody else can write.
describe('reading a state file', () => {
  const uid = process.getuid?.() ?? 0;
  const me = { uid, gid: process.getgid?.() ?? 0 };

  it('reads a file of ours in a directory of ours', () => {
    const cache = join(dir(), 'uv-shim');
    replaceStateFile(cache, join(cache, 'trust.json'), '{}');
    expect(readStateFile(cache, 'trust.json', 100, me)).toBe('{}');
    expect(readStateFile(cache, 'missing.json', 100, me)).toBeUndefined();
    expect(readStateFile(join(cache, 'missing'), 'trust.json', 100, me)).toBeUndefined();
  });

  it('refuses a link, a file others can write, a directory others can write, and a file past its bound', () => {
    const d = dir();
    const cache = join(d, 'uv-shim');
    replaceStateFile(cache, join(cache, 'big.json'), 'x'.repeat(200));
    writeFileSync(join(d, 'elsewhere.json'), '{}');
    symlinkSync(join(d, 'elsewhere.json'), join(cache, 'link.json'));
    replaceStateFile(cache, join(cache, 'open.json'), '{}');
    chmodSync(join(cache, 'open.json'), 0o666);
    expect(readStateFile(cache, 'big.json', 100, me)).toBeUndefined();
    expect(readStateFile(cache, 'link.json', 100, me)).toBeUndefined();
    expect(readStateFile(cache, 'open.json', 100, me)).toBeUndefined();
    expect(readStateFile(cache, 'big.json', 1000, me)).toBe('x'.repeat(200));
    chmodSync(cache, 0o777);
    expect(readStateFile(cache, 'big.json', 1000, me)).toBeUndefined();
  });

  it.skipIf(uid !== 0)("refuses another user's file in a directory of ours (root only: chown)", () => {
    const cache = join(dir(), 'uv-shim');
    replaceStateFile(cache, join(cache, 'theirs.json'), '{}');
    chownSync(join(cache, 'theirs.json'), 65534, 65534);
    expect(readStateFile(cache, 'theirs.json', 100, me)).toBeUndefined();
  });

  it('a directory under a file (ENOTDIR) is no directory of ours', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), '');
    expect(readStateFile(join(d, 'file', 'uv-shim'), 'trust.json', 100, me)).toBeUndefined();
    expect(foreignStateDir(join(d, 'file', 'uv-shim'))).toMatch(/cannot be used \(ENOTDIR\)/);
  });
});
