// Mach-O and universal-binary magic numbers, as they appear in the first four
// bytes of the file. Thin files are written in the target's byte order (all
// Apple targets today are little-endian: CF FA ED FE on disk); universal
// headers are always big-endian.
export const MH_MAGIC = 0xfeedface;
export const MH_CIGAM = 0xcefaedfe;
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_CIGAM_64 = 0xcffaedfe;
export const FAT_MAGIC = 0xcafebabe;
export const FAT_MAGIC_64 = 0xcafebabf;

export type MachOKind = 'thin' | 'fat' | 'not-macho';

// The most architectures a universal header may list. 0xCAFEBABE is also a
// Java class file's magic, followed by its minor and major version: major
// versions start at 45 (JDK 1.1) and Java 8's class files read as a count of
// 52, so the limit must stay below 45. Real universal binaries have 2 to 4.
export const FAT_MAX_ARCHS = 30;

// Decides from the first 8 bytes alone; see FAT_MAX_ARCHS for 0xCAFEBABE.
export function machOKind(head: Uint8Array): MachOKind {
  if (head.length < 4) return 'not-macho';
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, false);
  if (magic === MH_MAGIC || magic === MH_CIGAM || magic === MH_MAGIC_64 || magic === MH_CIGAM_64) return 'thin';
  if (magic === FAT_MAGIC || magic === FAT_MAGIC_64) {
    if (head.length < 8) return 'not-macho';
    const count = view.getUint32(4, false);
    return count > 0 && count <= FAT_MAX_ARCHS ? 'fat' : 'not-macho';
  }
  return 'not-macho';
}
