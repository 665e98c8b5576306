import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { inputOf, stateFileKey } from '../../src/config/inputs.js';

function dir(): string {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-inputs-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe('what a stored config load depends on', () => {
  it('a regular file: its fingerprint, and its directory\'s owner, group and mode', () => {
    const root = dir();
    const file = join(root, '.uv-shimrc.json');
    writeFileSync(file, '{}');
    chmodSync(root, 0o755);
    const before = inputOf(file)!;
    expect(before.path).toBe(file);
    expect(before.dir).toBe(`${process.getuid!()}:${process.getgid!()}:${0o40755}`);
    expect(inputOf(file)).toEqual(before);
    chmodSync(root, 0o775);
    expect(inputOf(file)!.dir).not.toBe(before.dir);
    expect(inputOf(file)!.fingerprint).toBe(before.fingerprint);
    // chmod changes the file's ctime, and so its fingerprint.
    chmodSync(file, 0o600);
    expect(inputOf(file)!.fingerprint).not.toBe(before.fingerprint);
  });

  it('nothing else: missing, a link (even to a regular file), a FIFO, a directory', () => {
    const root = dir();
    const file = join(root, 'real.json');
    writeFileSync(file, '{}');
    symlinkSync(file, join(root, 'link.json'));
    expect(spawnSync('mkfifo', [join(root, 'fifo.json')]).status).toBe(0);
    mkdirSync(join(root, 'dir.json'));
    for (const name of ['missing.json', 'link.json', 'fifo.json', 'dir.json']) expect(inputOf(join(root, name))).toBeUndefined();
    expect(inputOf(join(root, 'real.json', 'under-a-file'))).toBeUndefined();
  });

  it('a state file\'s version without following a link; none when missing', () => {
    const root = dir();
    expect(stateFileKey(root, 'trust.json')).toBe('');
    writeFileSync(join(root, 'elsewhere.json'), '{}');
    symlinkSync(join(root, 'elsewhere.json'), join(root, 'trust.json'));
    const link = stateFileKey(root, 'trust.json');
    rmSync(join(root, 'trust.json'));
    writeFileSync(join(root, 'trust.json'), '{}');
    const file = stateFileKey(root, 'trust.json');
    expect(link).not.toBe('');
    expect(file).not.toBe('');
    expect(file).not.toBe(link);
  });
});
