import { MH_CIGAM, MH_CIGAM_64, MH_MAGIC, MH_MAGIC_64 } from './magic.js';
import { checkRange, MalformedMachO } from './malformed.js';

const LC_CODE_SIGNATURE = 0x1d;
// Each load command takes at least 8 bytes, so this many is already absurd
// for any real binary and keeps a hostile header from making us spin.
const MAX_LOAD_COMMANDS = 65536;
// The kernel reads a Mach-O's load commands in one go and refuses more than
// this much of them (xnu bsd/kern/mach_loader.c; real binaries have a few
// KB): a cap on what a hostile header can make the reader hold.
export const MAX_LOAD_COMMAND_BYTES = 1024 * 1024;

// What the reader needs from one Mach-O image's header and load commands.
export interface ThinHeader {
  cputype: number;
  cpusubtype: number;
  // LC_CODE_SIGNATURE's linkedit_data_command, relative to the image start.
  signature: { dataoff: number; datasize: number } | null;
}

// Reads a Mach-O header (32- or 64-bit, either byte order) at the start of
// `image` and walks its load commands looking for LC_CODE_SIGNATURE.
export function readThinHeader(image: Buffer): ThinHeader {
  checkRange('Mach-O header', 0, 28, image.length);
  const magic = image.readUInt32BE(0);
  let little: boolean;
  let headerSize: number;
  if (magic === MH_CIGAM_64 || magic === MH_MAGIC_64) {
    little = magic === MH_CIGAM_64;
    headerSize = 32;
  } else if (magic === MH_CIGAM || magic === MH_MAGIC) {
    little = magic === MH_CIGAM;
    headerSize = 28;
  } else {
    throw new MalformedMachO(`slice does not start with a Mach-O magic (found 0x${magic.toString(16).padStart(8, '0')})`);
  }
  const u32 = (at: number) => (little ? image.readUInt32LE(at) : image.readUInt32BE(at));
  const cputype = u32(4) | 0;
  const cpusubtype = u32(8) | 0;
  const ncmds = u32(16);
  const sizeofcmds = u32(20);
  if (ncmds > MAX_LOAD_COMMANDS) throw new MalformedMachO(`header claims ${ncmds} load commands`);
  if (sizeofcmds > MAX_LOAD_COMMAND_BYTES) throw new MalformedMachO(`header claims ${sizeofcmds} bytes of load commands`);
  checkRange('load commands', headerSize, sizeofcmds, image.length);
  const end = headerSize + sizeofcmds;
  let at = headerSize;
  let signature: ThinHeader['signature'] = null;
  for (let i = 0; i < ncmds; i++) {
    checkRange(`load command ${i}`, at, 8, end);
    const cmd = u32(at);
    const cmdsize = u32(at + 4);
    if (cmdsize < 8) throw new MalformedMachO(`load command ${i} has size ${cmdsize}`);
    checkRange(`load command ${i}`, at, cmdsize, end);
    if (cmd === LC_CODE_SIGNATURE) {
      if (cmdsize < 16) throw new MalformedMachO(`LC_CODE_SIGNATURE has size ${cmdsize}`);
      if (signature) throw new MalformedMachO('more than one LC_CODE_SIGNATURE');
      signature = { dataoff: u32(at + 8), datasize: u32(at + 12) };
    }
    at += cmdsize;
  }
  return { cputype, cpusubtype, signature };
}
