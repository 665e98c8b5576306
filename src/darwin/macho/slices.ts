import { FAT_MAGIC_64, machOKind } from './magic.js';
import { checkRange, MalformedMachO } from './malformed.js';

// Where one architecture's Mach-O image lives inside the file.
export interface SliceRange {
  offset: number;
  size: number;
  // From the universal header; thin files read theirs from the Mach-O header.
  cputype: number | null;
  cpusubtype: number | null;
}

// Splits a file into its Mach-O images: the whole buffer for a thin file, or
// the ranges a universal (fat or fat64) header lists, each checked against
// the file's size.
export function sliceRanges(buf: Buffer): SliceRange[] {
  const kind = machOKind(buf.subarray(0, 8));
  if (kind === 'not-macho') throw new MalformedMachO('not a Mach-O file');
  if (kind === 'thin') return [{ offset: 0, size: buf.length, cputype: null, cpusubtype: null }];
  const magic = buf.readUInt32BE(0);
  const count = buf.readUInt32BE(4);
  const wide = magic === FAT_MAGIC_64;
  const entrySize = wide ? 32 : 20;
  checkRange('universal header', 8, count * entrySize, buf.length);
  const ranges: SliceRange[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * entrySize;
    const cputype = buf.readInt32BE(at);
    const cpusubtype = buf.readInt32BE(at + 4);
    const offset = wide ? Number(buf.readBigUInt64BE(at + 8)) : buf.readUInt32BE(at + 8);
    const size = wide ? Number(buf.readBigUInt64BE(at + 16)) : buf.readUInt32BE(at + 12);
    checkRange(`slice ${i}`, offset, size, buf.length);
    if (offset < 8 + count * entrySize) throw new MalformedMachO(`slice ${i} overlaps the universal header`);
    ranges.push({ offset, size, cputype, cpusubtype });
  }
  // Slices may not share bytes: the kernel's fat-file check (xnu
  // bsd/kern/mach_fat.c, fatfile_validate_fatarches) refuses overlapping
  // archs, and without this 30 slices over the same gigabyte would be
  // hashed 30 times. So no byte is parsed or hashed twice.
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.offset < sorted[i - 1]!.offset + sorted[i - 1]!.size) throw new MalformedMachO('two slices overlap');
  }
  return ranges;
}
