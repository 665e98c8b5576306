import type { SliceReport } from '../types.js';
import { archName } from './cpu.js';
import { CS_ADHOC, CS_LINKER_SIGNED, CS_RUNTIME, hashStrength, readCodeDirectory, type CodeDirectory } from './code-directory.js';
import { readThinHeader } from './header.js';
import { machOKind, type MachOKind } from './magic.js';
import { MalformedMachO } from './malformed.js';
import { firstBadPage } from './page-hashes.js';
import { sliceRanges } from './slices.js';
import {
  CSMAGIC_BLOBWRAPPER,
  CSSLOT_ALTERNATE_CODEDIRECTORIES,
  CSSLOT_ALTERNATE_CODEDIRECTORY_LIMIT,
  CSSLOT_CODEDIRECTORY,
  CSSLOT_SIGNATURESLOT,
  MAX_SIGNATURE_BYTES,
  readSuperBlob,
  type BlobEntry,
} from './superblob.js';

// One architecture's image and where its signature parts lie in the file
// (absolute offsets), for callers that rewrite a signature in place.
export interface SliceLayout {
  report: SliceReport;
  offset: number;
  size: number;
  // Every CodeDirectory, strongest hash type first; offsets relative to the slice.
  codeDirectories: CodeDirectory[];
  // The CMS blob wrapper, relative to the slice, if there is one.
  cmsBlob: BlobEntry | null;
}

// Everything the reader found in a buffer: what `inspect --json` reports
// for the Mach-O part, plus the layout.
export interface MachOFile {
  format: MachOKind;
  slices: SliceLayout[];
  // null, or where the bytes stop being a well-formed Mach-O, in the
  // reader's words (inspect's FileProblem 'malformed' carries them).
  malformed: string | null;
}

// Options for readMachO; `validate: false` skips re-hashing the pages.
export interface ReadOptions {
  validate?: boolean;
}

// Reads a whole file's bytes as thin or universal Mach-O and checks every
// slice's code signature. Never throws: a hostile or broken file comes back
// with `malformed` set and whatever slices were read before the fault.
export function readMachO(buf: Buffer, options: ReadOptions = {}): MachOFile {
  const format = machOKind(buf.subarray(0, 8));
  const file: MachOFile = { format, slices: [], malformed: null };
  if (format === 'not-macho') return file;
  // The signatures of all slices together are capped like one (their bytes
  // are all read into memory), in the same order signature-parts.ts reads them.
  const budget = { left: MAX_SIGNATURE_BYTES };
  try {
    for (const range of sliceRanges(buf)) {
      const image = buf.subarray(range.offset, range.offset + range.size);
      try {
        file.slices.push({ ...readSlice(image, options, budget), offset: range.offset, size: range.size });
      } catch (error) {
        const arch = range.cputype === null ? 'the image' : `slice ${archName(range.cputype, range.cpusubtype ?? 0)}`;
        throw new MalformedMachO(`${arch}: ${messageOf(error)}`);
      }
    }
  } catch (error) {
    file.malformed = messageOf(error);
  }
  return file;
}

function readSlice(image: Buffer, options: ReadOptions, budget: { left: number }): Omit<SliceLayout, 'offset' | 'size'> {
  const header = readThinHeader(image);
  const report = unsignedReport(archName(header.cputype, header.cpusubtype));
  if (!header.signature) return { report, codeDirectories: [], cmsBlob: null };
  if (header.signature.datasize > budget.left) {
    throw new MalformedMachO(`code signatures of more than ${MAX_SIGNATURE_BYTES} bytes in all are larger than any real ones`);
  }
  budget.left -= header.signature.datasize;
  const blobs = readSuperBlob(image, header.signature.dataoff, header.signature.datasize);
  const codeDirectories = blobs
    .filter((b) => b.type === CSSLOT_CODEDIRECTORY || (b.type >= CSSLOT_ALTERNATE_CODEDIRECTORIES && b.type < CSSLOT_ALTERNATE_CODEDIRECTORY_LIMIT))
    .map((b) => readCodeDirectory(image, b))
    .sort((a, b) => hashStrength(b) - hashStrength(a));
  const cmsBlob = blobs.find((b) => b.type === CSSLOT_SIGNATURESLOT && b.magic === CSMAGIC_BLOBWRAPPER) ?? null;
  const cd = codeDirectories[0];
  if (!cd) throw new MalformedMachO('LC_CODE_SIGNATURE holds no CodeDirectory');
  const bad = options.validate === false ? null : firstBadPage(image, cd);
  Object.assign(report, {
    signed: true,
    adhoc: (cd.flags & CS_ADHOC) !== 0,
    linkerSigned: (cd.flags & CS_LINKER_SIGNED) !== 0,
    hardenedRuntime: (cd.flags & CS_RUNTIME) !== 0,
    teamId: cd.teamId,
    identifier: cd.identifier,
    cdVersion: cd.version,
    hashType: cd.hashType,
    pageSize: cd.pageBytes,
    codeSlots: cd.codeSlots,
    codeLimit: cd.codeLimit,
    // An ad-hoc signature made by codesign carries an empty wrapper (8 bytes).
    cms: cmsBlob !== null && cmsBlob.length > 8,
    valid: options.validate === false ? null : bad === null,
    firstBadPage: bad,
  } satisfies Partial<SliceReport>);
  return { report, codeDirectories, cmsBlob };
}

function unsignedReport(arch: string): SliceReport {
  return {
    arch,
    signed: false,
    adhoc: false,
    linkerSigned: false,
    hardenedRuntime: false,
    teamId: null,
    identifier: null,
    cdVersion: null,
    hashType: null,
    pageSize: null,
    codeSlots: null,
    codeLimit: null,
    cms: false,
    valid: null,
    firstBadPage: null,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof MalformedMachO) return error.message;
  // A RangeError from a Buffer read means a bounds check is missing: still a
  // malformed file, not a crash, but marked so the fuzz test catches it.
  return `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}
