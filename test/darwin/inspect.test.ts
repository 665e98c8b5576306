import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { inspectFile } from '../../src/darwin/inspect.js';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { fixture } from './fixture-path.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-inspect-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Runs a snippet in a fresh node against dist/ and returns what it printed.
function node(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
}

describe('inspectFile', () => {
  it('reads only the first bytes of a file that is not Mach-O', () => {
    const dir = tempDir();
    const big = join(dir, 'big.bin');
    const fd = openSync(big, 'w');
    writeFileSync(fd, '#!/usr/bin/env python3\n');
    ftruncateSync(fd, 64 * 1024 * 1024);
    closeSync(fd);
    // Bytes this process read from files, before and after, from the kernel.
    const read = node(`
      import { readFileSync } from 'node:fs';
      import { inspectFile } from './dist/darwin/inspect.js';
      const rchar = () => Number(/rchar: (\\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);
      await inspectFile(${JSON.stringify(big)});
      const before = rchar();
      const report = await inspectFile(${JSON.stringify(big)});
      const after = rchar();
      console.log(JSON.stringify({ format: report.format, bytes: after - before }));
    `);
    const { format, bytes } = JSON.parse(read) as { format: string; bytes: number };
    expect(format).toBe('not-macho');
    // One 4 KiB head plus reading /proc/self/io itself, nowhere near 64 MiB.
    expect(bytes).toBeLessThan(64 * 1024);
  });

  // Apple's xattr(1) reports an OS error as "xattr: [Errno N] message:
  // 'path'" and exits 1 (it is Python's xattr module; the errno is the
  // system's). A file system without xattrs has none to report; any other
  // errno is a problem, told by its code.
  it.each([
    [95, 'Operation not supported', null],
    [13, 'Permission denied', 'EACCES'],
  ])('listing the xattrs fails with errno %i (%s): problem %s', async (errno, message, code) => {
    const dir = tempDir();
    const file = join(dir, 'python3');
    writeFileSync(file, '#!/bin/sh\n');
    const tool = join(dir, 'xattr');
    writeFileSync(tool, `#!/bin/sh\necho "xattr: [Errno ${errno}] ${message}: '$1'" >&2\nexit 1\n`);
    chmodSync(tool, 0o755);
    const report = await inspectFile(file, { env: { ...process.env, UV_SHIM_PLATFORM: 'darwin', UV_SHIM_XATTR: tool } });
    expect(report.format).toBe('not-macho');
    if (code === null) expect(report.problem).toBeNull();
    else expect(report.problem).toMatchObject({ kind: 'xattrs-unlisted', path: file, errno: code, detail: expect.stringContaining(message) });
  });

  it('reports a directory and a missing file as unreadable, without throwing', async () => {
    const dir = tempDir();
    expect(await inspectFile(dir)).toMatchObject({ format: 'not-macho', slices: [], problem: { kind: 'not-regular', path: dir } });
    const gone = join(dir, 'gone');
    expect((await inspectFile(gone)).problem).toEqual({ kind: 'cannot-open', path: gone, errno: 'ENOENT', detail: 'no such file or directory' });
  });

  it('loads the native xattr binding only when a file is inspected', () => {
    const out = node(`
      const loaded = [];
      const dlopen = process.dlopen;
      process.dlopen = (module, file, ...rest) => { loaded.push(file); return dlopen(module, file, ...rest); };
      const { inspectFile } = await import('./dist/darwin/inspect.js');
      const atImport = loaded.length;
      await inspectFile(${JSON.stringify(fixture('fsevents.node'))});
      console.log(JSON.stringify({ atImport, after: loaded.filter((f) => f.includes('xattr')).length }));
    `);
    expect(JSON.parse(out)).toEqual({ atImport: 0, after: 1 });
  });
});
