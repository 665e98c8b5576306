import { MAX_LOAD_COMMAND_BYTES, readThinHeader } from './macho/header.js';
import { MAX_SIGNATURE_BYTES } from './macho/superblob.js';
import { MH_CIGAM, MH_CIGAM_64, MH_MAGIC, MH_MAGIC_64 } from './macho/magic.js';
import { sliceRanges } from './macho/slices.js';
import { readAt } from './read-at.js';

// A Mach-O header and its load commands fit in this much for any ordinary
// binary; more is read only when the header says the commands go further.
const HEADER_READ = 4096;

// A copy of the file, the size of the file, holding only the bytes the
// Mach-O reader parses: the universal header, each slice's header and load
// commands, and each slice's code signature. Everything else reads as zero
// and costs no memory (Buffer.alloc maps untouched pages lazily), so a
// 28 MB binary costs a few small reads instead of one 28 MB copy. The
// reader's every access lies inside those parts (its range checks keep it
// there), so it finds on this copy exactly what it finds on the whole file;
// the code pages are re-hashed from the file itself (page-check.ts).
export function readSignatureParts(fd: number, size: number, head: Buffer): Buffer {
  const copy = Buffer.alloc(size);
  head.copy(copy);
  let ranges;
  try {
    ranges = sliceRanges(copy);
  } catch {
    return copy; // the reader finds the same fault on this copy
  }
  let budget = MAX_SIGNATURE_BYTES;
  for (const range of ranges) {
    const image = copy.subarray(range.offset, range.offset + range.size);
    readAt(fd, image, 0, Math.min(HEADER_READ, image.length), range.offset);
    const commandsEnd = Math.min(loadCommandsEnd(image), image.length, HEADER_READ + MAX_LOAD_COMMAND_BYTES);
    if (commandsEnd > HEADER_READ) readAt(fd, image, HEADER_READ, commandsEnd - HEADER_READ, range.offset + HEADER_READ);
    let signature;
    try {
      signature = readThinHeader(image).signature;
    } catch {
      continue; // malformed: the reader stops at the same place
    }
    // Too large or out of range: the reader refuses it without these bytes.
    if (!signature || signature.dataoff + signature.datasize > image.length || signature.datasize > budget) continue;
    budget -= signature.datasize;
    readAt(fd, image, signature.dataoff, signature.datasize, range.offset + signature.dataoff);
  }
  return copy;
}

// Where a Mach-O image's load commands end (header size + sizeofcmds), or 0
// when it does not start with a Mach-O magic.
function loadCommandsEnd(image: Buffer): number {
  if (image.length < 28) return 0;
  const magic = image.readUInt32BE(0);
  const little = magic === MH_CIGAM || magic === MH_CIGAM_64;
  if (!little && magic !== MH_MAGIC && magic !== MH_MAGIC_64) return 0;
  const headerSize = magic === MH_MAGIC_64 || magic === MH_CIGAM_64 ? 32 : 28;
  return headerSize + (little ? image.readUInt32LE(20) : image.readUInt32BE(20));
}
