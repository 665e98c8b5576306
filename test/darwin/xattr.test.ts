import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { decodeQuarantine } from '../../src/darwin/quarantine.js';
import { getXattr, listXattrs, removeXattr, setXattr } from '../../src/darwin/xattr.js';

const DARWIN = { UV_SHIM_PLATFORM: 'darwin' };
// A com.apple.provenance value as macOS writes it: binary, with NULs.
const PROVENANCE = Buffer.from('01020079a2b3c4d5e6f708', 'hex');

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-xattr-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'python3.13');
  writeFileSync(file, '#!/bin/sh\n');
  return file;
}

// The kernel's own view, through Python's os.listxattr (no xattr binding).
function kernelNames(file: string): string[] {
  return JSON.parse(execFileSync(inject('python').executable, ['-c', 'import os,sys,json; print(json.dumps(sorted(os.listxattr(sys.argv[1]))))', file], { encoding: 'utf8' }));
}

describe.runIf(process.platform === 'linux')('xattrs under UV_SHIM_PLATFORM=darwin on Linux', () => {
  it('stores Apple names as user.-prefixed attributes and lists them back by Apple name', async () => {
    const file = tempFile();
    await setXattr(file, 'com.apple.provenance', PROVENANCE, DARWIN);
    await setXattr(file, 'com.apple.quarantine', '0083;65b0c2f1;Safari;5E2A0F9C-1A2B-4C3D-9E8F-0123456789AB', DARWIN);
    expect(kernelNames(file)).toEqual(['user.com.apple.provenance', 'user.com.apple.quarantine']);
    const all = await listXattrs(file, DARWIN);
    expect(Object.keys(all).sort()).toEqual(['com.apple.provenance', 'com.apple.quarantine']);
    expect(all['com.apple.provenance']!.equals(PROVENANCE)).toBe(true);
    expect(await getXattr(file, 'com.apple.provenance', DARWIN)).toEqual(PROVENANCE);
  });

  it('returns null for an absent attribute and removes one twice without error', async () => {
    const file = tempFile();
    expect(await getXattr(file, 'com.apple.provenance', DARWIN)).toBeNull();
    await setXattr(file, 'com.apple.provenance', PROVENANCE, DARWIN);
    await removeXattr(file, 'com.apple.provenance', DARWIN);
    await removeXattr(file, 'com.apple.provenance', DARWIN);
    expect(kernelNames(file)).toEqual([]);
    expect(await listXattrs(file, DARWIN)).toEqual({});
  });

  it('uses the names as given on the native platform', async () => {
    const file = tempFile();
    await setXattr(file, 'user.plain', 'x', {});
    expect(kernelNames(file)).toEqual(['user.plain']);
    expect(Object.keys(await listXattrs(file, {}))).toEqual(['user.plain']);
    // Under the simulated Mac, user.plain is the Apple name "plain".
    expect(Object.keys(await listXattrs(file, DARWIN))).toEqual(['plain']);
  });

  // chattr +i makes the kernel refuse removexattr(2) with EPERM, as macOS does
  // for a file SIP or an MDM profile protects; root is needed to set the flag.
  it.runIf(process.getuid?.() === 0)('reports a refused removal with code EPERM, read from the OS error', async () => {
    const file = tempFile();
    await setXattr(file, 'com.apple.provenance', PROVENANCE, DARWIN);
    execFileSync('chattr', ['+i', file]);
    onTestFinished(() => void execFileSync('chattr', ['-i', file]));
    await expect(removeXattr(file, 'com.apple.provenance', DARWIN)).rejects.toMatchObject({ code: 'EPERM' });
  });

  it('throws with the OS reason for a missing file', async () => {
    await expect(listXattrs('/nonexistent/python3', DARWIN)).rejects.toThrow(/No such file or directory/);
    await expect(removeXattr('/nonexistent/python3', 'com.apple.provenance', DARWIN)).rejects.toThrow(/No such file/);
  });
});

describe('decodeQuarantine', () => {
  it.each([
    ['0083;65b0c2f1;Safari;5E2A0F9C-1A2B-4C3D-9E8F-0123456789AB',
      { flags: '0083', timestamp: '2024-01-24T07:57:37.000Z', agent: 'Safari', id: '5E2A0F9C-1A2B-4C3D-9E8F-0123456789AB' }],
    ['0181;6553f2a0;curl;', { flags: '0181', timestamp: '2023-11-14T22:20:16.000Z', agent: 'curl', id: null }],
    ['0083;;;', { flags: '0083', timestamp: null, agent: null, id: null }],
    ['0083;zz;Chrome;X\0', { flags: '0083', timestamp: null, agent: 'Chrome', id: 'X' }],
    ['not a record', null],
    ['', null],
  ])('%j', (value, expected) => {
    expect(decodeQuarantine(Buffer.from(value))).toEqual(expected);
    expect(decodeQuarantine(value)).toEqual(expected);
  });
});

describe.runIf(process.platform === 'linux')('xattrs through an xattr command (UV_SHIM_XATTR)', () => {
  const viaTool = { UV_SHIM_PLATFORM: 'darwin', UV_SHIM_XATTR: join(import.meta.dirname, '..', 'doubles', 'xattr') };

  it('reads, writes and removes with the tool, agreeing with the kernel', async () => {
    const file = tempFile();
    const long = Buffer.alloc(40, 0xab);
    await setXattr(file, 'com.apple.provenance', PROVENANCE, viaTool);
    await setXattr(file, 'com.apple.FinderInfo', long, viaTool);
    expect(kernelNames(file)).toEqual(['user.com.apple.FinderInfo', 'user.com.apple.provenance']);
    expect(await getXattr(file, 'com.apple.provenance', viaTool)).toEqual(PROVENANCE);
    // Values longer than one 16-byte line of hex come back whole.
    expect(await getXattr(file, 'com.apple.FinderInfo', viaTool)).toEqual(long);
    const all = await listXattrs(file, viaTool);
    expect(Object.keys(all).sort()).toEqual(['com.apple.FinderInfo', 'com.apple.provenance']);
    await removeXattr(file, 'com.apple.provenance', viaTool);
    await removeXattr(file, 'com.apple.provenance', viaTool);
    expect(await getXattr(file, 'com.apple.provenance', viaTool)).toBeNull();
    expect(kernelNames(file)).toEqual(['user.com.apple.FinderInfo']);
  });

  it('passes on the tool’s message for a missing file', async () => {
    await expect(listXattrs('/nonexistent/python3', viaTool)).rejects.toThrow('cannot list the extended attributes of /nonexistent/python3: xattr: No such file: /nonexistent/python3');
  });
});
