import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { execveAccepts, isRunnableElf, isRunnableMachO } from '../../src/shim/exec-uv-file.js';
import { fixture } from '../darwin/fixture-path.js';
import { makeSandbox } from '../helpers/sandbox.js';

// What the shim is sure execve(2) runs, on real files: this machine's ELF
// programs, the real uv, scripts, and real Mach-O programs from macOS
// packages (test/setup/fixtures.ts) judged as a Mac would.

const LINUX_X64 = { platform: 'linux', arch: 'x64' } as const;
const MAC_ARM = { platform: 'darwin', arch: 'arm64' } as const;
const MAC_INTEL = { platform: 'darwin', arch: 'x64' } as const;

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-exec-file-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function write(dir: string, name: string, content: string | Buffer, mode = 0o755): string {
  const file = join(dir, name);
  writeFileSync(file, content, { mode });
  return file;
}

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('execveAccepts on Linux x86-64', () => {
  it('accepts the real uv, /bin/true and a script whose interpreter is a program', () => {
    const dir = scratch();
    expect(execveAccepts(makeSandbox().realUv, LINUX_X64)).toBe(true);
    expect(execveAccepts('/bin/true', LINUX_X64)).toBe(true);
    expect(execveAccepts(write(dir, 'script', '#!/bin/sh\necho hi\n'), LINUX_X64)).toBe(true);
    expect(execveAccepts(write(dir, 'spaced', '#! \t/bin/sh -e\n'), LINUX_X64)).toBe(true);
  });

  it.each([
    ['no execute bit', (dir: string) => write(dir, 'x', '#!/bin/sh\n', 0o644)],
    ['a directory', (dir: string) => dir],
    ['missing', (dir: string) => join(dir, 'missing')],
    ['no #! (execvp would hand it to sh; execve says ENOEXEC)', (dir: string) => write(dir, 'x', 'echo hi\n')],
    ['a relative interpreter', (dir: string) => write(dir, 'x', '#!sh\n')],
    ['an interpreter that is a script', (dir: string) => write(dir, 'x', `#!${write(dir, 'inner', '#!/bin/sh\n')}\n`)],
    ['an interpreter without the execute bit', (dir: string) => write(dir, 'x', `#!${write(dir, 'inner', '#!/bin/sh\n', 0o644)}\n`)],
    ['a #! line longer than the kernel reads', (dir: string) => write(dir, 'x', `#!/bin/sh ${'-'.repeat(200)}\n`)],
    ['a #! line with a carriage return', (dir: string) => write(dir, 'x', '#!/bin/sh\r\n')],
    ['an empty file', (dir: string) => write(dir, 'x', '')],
  ])('refuses %s', (_what, make) => {
    expect(execveAccepts(make(scratch()), LINUX_X64)).toBe(false);
  });

  it('refuses an ELF file of another machine, class or type, or whose loader is missing', () => {
    const binary = readFileSync('/bin/true');
    expect(isRunnableElf(binary, 'x64')).toBe(true);
    expect(isRunnableElf(binary, 'arm64')).toBe(false);
    const patched = (at: number, bytes: number[]) => {
      const copy = Buffer.from(binary);
      copy.set(bytes, at);
      return copy;
    };
    expect(isRunnableElf(patched(18, [183, 0]), 'x64')).toBe(false); // e_machine: AArch64
    expect(isRunnableElf(patched(4, [1]), 'x64')).toBe(false); // EI_CLASS: 32-bit
    expect(isRunnableElf(patched(16, [1, 0]), 'x64')).toBe(false); // e_type: ET_REL
    const at = binary.indexOf('/ld-linux');
    expect(at).toBeGreaterThan(0);
    expect(isRunnableElf(patched(at, [...Buffer.from('/ld-lunix')]), 'x64')).toBe(false);
    // The same bytes on a Mac: not a Mach-O.
    const dir = scratch();
    expect(execveAccepts(write(dir, 'elf', binary), MAC_INTEL)).toBe(false);
    expect(execveAccepts(write(dir, 'elf', binary), { platform: 'win32', arch: 'x64' })).toBe(false);
  });
});

describe('Mach-O programs judged as a Mac would', () => {
  const head = (name: Parameters<typeof fixture>[0]) => readFileSync(fixture(name)).subarray(0, 4096);

  it('accepts a thin program for its own CPU only', () => {
    expect(isRunnableMachO(head('esbuild-arm64'), 'arm64')).toBe(true);
    expect(isRunnableMachO(head('esbuild-arm64'), 'x64')).toBe(false);
    expect(isRunnableMachO(head('esbuild-x64'), 'x64')).toBe(true);
    expect(isRunnableMachO(head('esbuild-x64'), 'arm64')).toBe(false);
    expect(isRunnableMachO(head('esbuild-arm64'), 'ia32')).toBe(false);
  });

  it('accepts a universal program on either CPU', () => {
    expect(isRunnableMachO(head('sentry-cli'), 'arm64')).toBe(true);
    expect(isRunnableMachO(head('sentry-cli'), 'x64')).toBe(true);
  });

  it('refuses a thin library, a Java class file and a universal file with too many slices', () => {
    const dylib = Buffer.from(head('esbuild-arm64'));
    dylib.writeUInt32LE(6, 12); // MH_DYLIB
    expect(isRunnableMachO(dylib, 'arm64')).toBe(false);
    const javaClass = Buffer.alloc(64);
    javaClass.writeUInt32BE(0xcafebabe, 0);
    javaClass.writeUInt32BE(0x00000034, 4); // minor 0, major 52 (Java 8)
    expect(isRunnableMachO(javaClass, 'arm64')).toBe(false);
  });

  it('execveAccepts a Mach-O program on a Mac, not on Linux', () => {
    const dir = scratch();
    const program = join(dir, 'esbuild');
    copyFileSync(fixture('esbuild-arm64'), program);
    writeFileSync(join(dir, 'script'), `#!${program}\n`, { mode: 0o755 });
    chmodSync(program, 0o644);
    expect(execveAccepts(program, MAC_ARM)).toBe(false);
    chmodSync(program, 0o755);
    expect(execveAccepts(program, MAC_ARM)).toBe(true);
    expect(execveAccepts(join(dir, 'script'), MAC_ARM)).toBe(true);
    expect(execveAccepts(program, MAC_INTEL)).toBe(false);
    expect(execveAccepts(program, LINUX_X64)).toBe(false);
  });
});
