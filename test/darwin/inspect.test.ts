import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
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

  it('reports a directory and a missing file as unreadable, without throwing', async () => {
    const dir = tempDir();
    expect(await inspectFile(dir)).toMatchObject({ format: 'not-macho', slices: [], error: `cannot read ${dir}: not a regular file` });
    expect((await inspectFile(join(dir, 'gone'))).error).toBe(`cannot read ${join(dir, 'gone')}: no such file or directory (ENOENT)`);
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
