import { readHead } from '../bounded-read.js';
import { CPU_TYPE_ARM64, CPU_TYPE_X86_64 } from '../darwin/macho/cpu.js';
import { FAT_MAGIC, FAT_MAGIC_64, FAT_MAX_ARCHS, MH_MAGIC_64 } from '../darwin/macho/magic.js';
import { isExecutableFile } from './path-search.js';

// Whether the kernel's execve(2) will start `path`, as far as can be told
// without trying: Node's process.execve cannot be tried, a failure aborts
// the whole process (exit 134, a native stack trace) instead of throwing.
// Yes only for what is certain: a regular file this user may execute
// (access X_OK, which on Linux also says no on a noexec mount), whose first
// bytes are a format this kernel runs on this CPU:
// - Linux: ELF of this machine's class, byte order and e_machine, an
//   executable or PIE, whose program interpreter (PT_INTERP, the dynamic
//   loader) is itself an executable file: a glibc binary on a system without
//   glibc fails with ENOENT, which only that check sees;
// - macOS: a Mach-O executable for this CPU, thin or in a universal file;
// - on both, a `#!` script whose interpreter, named by an absolute path on a
//   first line that ends within the kernel's buffer, passes the checks
//   above (a script as interpreter is not followed: macOS refuses it).
// Anything else, including an unknown CPU, is "not sure", and the caller
// spawns uv as before, which reports a failure as the shim's own message.
export interface ExecTarget {
  platform: NodeJS.Platform;
  arch: NodeJS.Architecture;
}

const HOST: ExecTarget = { platform: process.platform, arch: process.arch };

// What is read of the file: ELF and Mach-O headers, the program headers and
// the loader's path of every real-world binary, a #! line.
const HEAD = 4096;
// The #! line must end within the bytes the kernel reads for it: 256 on
// Linux since 5.1 (BINPRM_BUF_SIZE), 128 before, 512 on macOS; the smallest.
const SHEBANG_LINE = 128;

export function execveAccepts(path: string, target: ExecTarget = HOST): boolean {
  const head = executableHead(path);
  if (!head) return false;
  if (head[0] === 0x23 && head[1] === 0x21) {
    const interpreter = shebangInterpreter(head);
    if (!interpreter) return false;
    const binary = executableHead(interpreter);
    return binary !== undefined && isNativeBinary(binary, target);
  }
  return isNativeBinary(head, target);
}

function executableHead(path: string): Buffer | undefined {
  if (!isExecutableFile(path)) return undefined;
  return readHead(path, HEAD) ?? undefined;
}

// The interpreter of a `#!` line, when it is an absolute path (a relative
// one is looked up from the working directory: not worth being sure of).
function shebangInterpreter(head: Buffer): string | undefined {
  const end = head.indexOf(0x0a);
  if (end === -1 || end > SHEBANG_LINE) return undefined;
  const line = head.subarray(2, end).toString('latin1');
  const interpreter = /^[ \t]*([^ \t]+)/.exec(line)?.[1];
  return interpreter?.startsWith('/') ? interpreter : undefined;
}

function isNativeBinary(head: Buffer, target: ExecTarget): boolean {
  if (target.platform === 'linux') return isRunnableElf(head, target.arch);
  if (target.platform === 'darwin') return isRunnableMachO(head, target.arch);
  return false;
}

// ELF class (1: 32-bit, 2: 64-bit) and e_machine per Node architecture.
const ELF_MACHINES: Partial<Record<NodeJS.Architecture, { elfClass: number; machine: number }>> = {
  x64: { elfClass: 2, machine: 62 },
  arm64: { elfClass: 2, machine: 183 },
  ia32: { elfClass: 1, machine: 3 },
  arm: { elfClass: 1, machine: 40 },
  ppc64: { elfClass: 2, machine: 21 },
  s390x: { elfClass: 2, machine: 22 },
  riscv64: { elfClass: 2, machine: 243 },
  loong64: { elfClass: 2, machine: 258 },
};

const PT_INTERP = 3;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// The fields read are those of the ELF specification (elf(5)): e_ident,
// e_type, e_machine, e_phoff, e_phentsize, e_phnum; p_type, p_offset,
// p_filesz.
export function isRunnableElf(head: Buffer, arch: NodeJS.Architecture): boolean {
  const want = ELF_MACHINES[arch];
  if (!want || head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = head[4] === 2;
  const little = head[5] === 1;
  if (head[4] !== want.elfClass || little !== HOST_LITTLE_ENDIAN || (head[5] !== 1 && head[5] !== 2)) return false;
  const u16 = (at: number) => (little ? head.readUInt16LE(at) : head.readUInt16BE(at));
  const u32 = (at: number) => (little ? head.readUInt32LE(at) : head.readUInt32BE(at));
  const word = (at: number) => (is64 ? Number(little ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at)) : u32(at));
  // ET_EXEC or ET_DYN (a PIE); a relocatable object or a core file is not run.
  const type = u16(16);
  if ((type !== 2 && type !== 3) || u16(18) !== want.machine) return false;
  const phoff = word(is64 ? 32 : 28);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  if (phentsize < (is64 ? 56 : 32) || phnum === 0 || phoff + phentsize * phnum > head.length) return false;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (u32(ph) !== PT_INTERP) continue;
    const offset = word(ph + (is64 ? 8 : 4));
    const size = word(ph + (is64 ? 32 : 16));
    if (size < 2 || size > 1024 || offset + size > head.length) return false;
    const loader = head.subarray(offset, offset + size);
    const nul = loader.indexOf(0);
    if (nul < 1) return false;
    return isExecutableFile(loader.subarray(0, nul).toString('latin1'));
  }
  // No interpreter: a static binary, which the kernel loads itself.
  return true;
}

const MACHO_CPUS: Partial<Record<NodeJS.Architecture, number>> = { x64: CPU_TYPE_X86_64, arm64: CPU_TYPE_ARM64 };

// <mach-o/loader.h>: a thin 64-bit Mach-O starts with MH_MAGIC_64 in the
// CPU's (little-endian) order, then cputype, cpusubtype, filetype
// (MH_EXECUTE = 2). <mach-o/fat.h>: a universal file starts with FAT_MAGIC
// or FAT_MAGIC_64, big-endian, then nfat_arch entries of 20 (32 for the
// 64-bit form) bytes whose first field is the slice's cputype. Java class
// files share FAT_MAGIC; their "count" is a version number (FAT_MAX_ARCHS).
export function isRunnableMachO(head: Buffer, arch: NodeJS.Architecture): boolean {
  const cpu = MACHO_CPUS[arch];
  if (cpu === undefined || head.length < 32) return false;
  if (head.readUInt32LE(0) === MH_MAGIC_64) return head.readInt32LE(4) === cpu && head.readUInt32LE(12) === 2;
  const fat = head.readUInt32BE(0);
  if (fat !== FAT_MAGIC && fat !== FAT_MAGIC_64) return false;
  const count = head.readUInt32BE(4);
  const size = fat === FAT_MAGIC_64 ? 32 : 20;
  if (count === 0 || count > FAT_MAX_ARCHS || 8 + count * size > head.length) return false;
  for (let i = 0; i < count; i++) {
    if (head.readInt32BE(8 + i * size) === cpu) return true;
  }
  return false;
}
