import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isExecutableFormat, probeInterpreter } from '../../src/guard/probe.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-probe-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('probing an interpreter', () => {
  it.each([
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 2, 1], true],
    ['thin Mach-O', [0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], true],
    ['universal Mach-O', [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2], true],
    ['#! script', [...Buffer.from('#!/bin/sh\n')], true],
    ['shell text without #!', [...Buffer.from('echo hi\n')], false],
    ['a Java class file', [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52], false],
    ['empty', [], false],
  ])('%s is an executable format: %s', (_name, bytes, expected) => {
    expect(isExecutableFormat(Uint8Array.from(bytes))).toBe(expected);
  });

  // Node's spawn hands a file the kernel refuses (ENOEXEC) to /bin/sh; uv
  // does not, so neither may the probe.
  it('never runs a file without #! through the shell', async () => {
    const dir = tempDir();
    const marker = join(dir, 'ran');
    const file = join(dir, 'python3');
    writeFileSync(file, `touch '${marker}'\n`);
    chmodSync(file, 0o755);
    const result = await probeInterpreter(file, { PATH: '/usr/bin:/bin' });
    expect(result).toMatchObject({ ran: false, signal: null, timedOut: false });
    expect(existsSync(marker)).toBe(false);
  });

  it('does not block on a FIFO, and runs a #! script and an ELF file', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    chmodSync(fifo, 0o755);
    expect(await probeInterpreter(fifo, {})).toMatchObject({ ran: false });
    const script = join(dir, 'script');
    writeFileSync(script, '#!/bin/sh\nexit 3\n');
    chmodSync(script, 0o755);
    expect(await probeInterpreter(script, {})).toMatchObject({ ran: true, code: 3 });
    // Node is an ELF file here; it rejects the Python flags and exits.
    expect(await probeInterpreter(process.execPath, {})).toMatchObject({ ran: true, signal: null });
  });
});
