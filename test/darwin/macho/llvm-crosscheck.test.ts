import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { readMachO } from '../../../src/darwin/macho/read.js';
import type { FixtureName } from '../../setup/fixtures.js';
import { fixture } from '../fixture-path.js';

// Debian's LLVM tools read Mach-O independently of us (apt-get install llvm).
const LLVM_OBJDUMP = ['llvm-objdump', 'llvm-objdump-19', 'llvm-objdump-17', 'llvm-objdump-14'].find(
  (tool) => spawnSync(tool, ['--version']).status === 0,
);

interface LlvmSlice {
  arch: string;
  codeSignature: { dataoff: number; datasize: number } | null;
}

// Splits `llvm-objdump --macho --private-headers --arch=all` per architecture
// and picks out each LC_CODE_SIGNATURE.
function llvmSlices(file: string): LlvmSlice[] {
  const text = execFileSync(LLVM_OBJDUMP!, ['--macho', '--private-headers', '--arch=all', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const blocks = text.split(/^.*\(architecture (\S+)\):$/m);
  const pairs: Array<[string, string]> = blocks.length > 1
    ? Array.from({ length: (blocks.length - 1) / 2 }, (_, i) => [blocks[1 + 2 * i]!, blocks[2 + 2 * i]!])
    : [[/^\s*MH_MAGIC\S*\s+(\S+)/m.exec(text)![1]!.toLowerCase(), text]];
  return pairs.map(([arch, body]) => {
    const sig = /cmd LC_CODE_SIGNATURE\s+cmdsize \d+\s+dataoff (\d+)\s+datasize (\d+)/.exec(body);
    return { arch, codeSignature: sig ? { dataoff: Number(sig[1]), datasize: Number(sig[2]) } : null };
  });
}

describe.skipIf(!LLVM_OBJDUMP)('the reader agrees with llvm-objdump', () => {
  it.each(['fsevents.node', 'sentry-cli', 'esbuild-arm64', 'esbuild-x64'] as FixtureName[])('%s', (name) => {
    const ours = readMachO(readFileSync(fixture(name)), { validate: false }).slices;
    const theirs = llvmSlices(fixture(name));
    expect(ours.map((s) => s.report.arch)).toEqual(theirs.map((s) => s.arch));
    for (const [i, slice] of ours.entries()) {
      const sig = theirs[i]!.codeSignature;
      expect(slice.report.signed).toBe(sig !== null);
      // The signature follows the signed code: it starts where the code ends.
      if (sig) expect(slice.report.codeLimit).toBe(sig.dataoff);
    }
  });
});

// Page hashes computed by Python's hashlib over the range llvm-objdump says
// is signed, looked for in the file's bytes: no code of ours involved.
function pythonFindsPageHashes(file: string, codeLimit: number): boolean {
  const script = [
    'import hashlib, sys',
    'data = open(sys.argv[1], "rb").read()',
    'limit = int(sys.argv[2])',
    'hashes = b"".join(hashlib.sha256(data[i:min(i + 4096, limit)]).digest() for i in range(0, limit, 4096))',
    'print(data.find(hashes, limit) >= 0)',
  ].join('\n');
  return execFileSync(inject('python').executable, ['-c', script, file, String(codeLimit)], { encoding: 'utf8' }).trim() === 'True';
}

describe.skipIf(!LLVM_OBJDUMP)('page hashes agree with an independent computation', () => {
  it.each([
    ['esbuild-arm64', true],
    ['esbuild-arm64.flip-page-1000', false],
  ] as const)('%s: every page hash stored in the signature: %s', (name, stored) => {
    const [slice] = llvmSlices(fixture(name));
    expect(pythonFindsPageHashes(fixture(name), slice!.codeSignature!.dataoff)).toBe(stored);
    expect(readMachO(readFileSync(fixture(name))).slices[0]!.report.valid).toBe(stored);
  });
});
