// Architecture names as Apple's tools print them (`lipo -info`, codesign's
// "Format=Mach-O universal (x86_64 arm64)").
const CPU_ARCH_ABI64 = 0x01000000;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_ARM = 12;
const CPU_TYPE_POWERPC = 18;
const CPU_SUBTYPE_MASK = 0x00ffffff;
const CPU_SUBTYPE_ARM64E = 2;
const CPU_SUBTYPE_X86_64_H = 8;
export const CPU_TYPE_X86_64 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
export const CPU_TYPE_ARM64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;

// Names a slice from its cputype/cpusubtype pair; unknown pairs become
// "cputype:N" so they still show up in reports.
export function archName(cputype: number, cpusubtype: number): string {
  const sub = cpusubtype & CPU_SUBTYPE_MASK;
  switch (cputype) {
    case CPU_TYPE_X86_64:
      return sub === CPU_SUBTYPE_X86_64_H ? 'x86_64h' : 'x86_64';
    case CPU_TYPE_X86:
      return 'i386';
    case CPU_TYPE_ARM64:
      return sub === CPU_SUBTYPE_ARM64E ? 'arm64e' : 'arm64';
    case CPU_TYPE_ARM | 0x02000000:
      return 'arm64_32';
    case CPU_TYPE_ARM:
      return 'arm';
    case CPU_TYPE_POWERPC:
      return 'ppc';
    case CPU_TYPE_POWERPC | CPU_ARCH_ABI64:
      return 'ppc64';
    default:
      return `cputype:${cputype >>> 0}`;
  }
}
