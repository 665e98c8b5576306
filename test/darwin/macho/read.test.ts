import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMachO } from '../../../src/darwin/macho/read.js';
import type { SliceReport } from '../../../src/darwin/types.js';
import { fixture } from '../fixture-path.js';

const UNSIGNED: Omit<SliceReport, 'arch'> = {
  signed: false, adhoc: false, linkerSigned: false, hardenedRuntime: false, teamId: null, identifier: null,
  cdVersion: null, hashType: null, pageSize: null, codeSlots: null, codeLimit: null, cms: false, valid: null, firstBadPage: null,
};

describe('readMachO on real darwin binaries from npm', () => {
  it('fsevents.node: universal, x86_64 unsigned, arm64 ad-hoc and linker-signed', () => {
    const file = readMachO(readFileSync(fixture('fsevents.node')));
    expect(file.format).toBe('fat');
    expect(file.malformed).toBeNull();
    expect(file.slices.map((s) => s.report)).toEqual([
      { arch: 'x86_64', ...UNSIGNED },
      {
        arch: 'arm64', signed: true, adhoc: true, linkerSigned: true, hardenedRuntime: false, teamId: null,
        identifier: 'fsevents.node', cdVersion: 0x20400, hashType: 'sha256', pageSize: 4096, codeSlots: 16,
        codeLimit: 64688, cms: false, valid: true, firstBadPage: null,
      },
    ]);
  });

  it('sentry-cli: universal, Developer ID with team 97JCY7859U, hardened runtime, CMS', () => {
    const file = readMachO(readFileSync(fixture('sentry-cli')));
    expect(file.format).toBe('fat');
    expect(file.malformed).toBeNull();
    expect(file.slices.map((s) => s.report.arch)).toEqual(['x86_64', 'arm64']);
    for (const { report } of file.slices) {
      expect(report).toMatchObject({
        signed: true, adhoc: false, linkerSigned: false, hardenedRuntime: true, teamId: '97JCY7859U',
        cdVersion: 0x20500, hashType: 'sha256', pageSize: 4096, cms: true, valid: true, firstBadPage: null,
      });
      expect(report.codeSlots).toBe(Math.ceil(report.codeLimit! / 4096));
    }
  });

  it('esbuild darwin-arm64: thin, ad-hoc, linker-signed, every page valid', () => {
    const file = readMachO(readFileSync(fixture('esbuild-arm64')));
    expect(file.format).toBe('thin');
    expect(file.slices.map((s) => s.report)).toEqual([
      {
        arch: 'arm64', signed: true, adhoc: true, linkerSigned: true, hardenedRuntime: false, teamId: null,
        identifier: 'a.out', cdVersion: 0x20400, hashType: 'sha256', pageSize: 4096, codeSlots: 2566,
        codeLimit: 10508656, cms: false, valid: true, firstBadPage: null,
      },
    ]);
  });

  it('esbuild darwin-x64: thin and unsigned', () => {
    const file = readMachO(readFileSync(fixture('esbuild-x64')));
    expect(file).toMatchObject({ format: 'thin', malformed: null });
    expect(file.slices.map((s) => s.report)).toEqual([{ arch: 'x86_64', ...UNSIGNED }]);
  });
});

describe('readMachO on damaged copies', () => {
  it.each([
    ['esbuild-arm64.flip-page-1000', 0, 1000],
    ['esbuild-arm64.flip-last-page', 0, 2565],
    ['sentry-cli.flip-arm64-page-5', 1, 5],
  ] as const)('%s: slice %i invalid from page %i', (name, sliceIndex, page) => {
    const file = readMachO(readFileSync(fixture(name)));
    expect(file.malformed).toBeNull();
    expect(file.slices[sliceIndex]!.report).toMatchObject({ signed: true, valid: false, firstBadPage: page });
    // The other slice of the universal binary is untouched.
    for (const [i, s] of file.slices.entries()) if (i !== sliceIndex) expect(s.report.valid).toBe(true);
  });

  it('a thin binary cut inside its code is malformed, with the reason', () => {
    const file = readMachO(readFileSync(fixture('esbuild-arm64.truncated')));
    expect(file.format).toBe('thin');
    expect(file.malformed).toMatch(/^the image: code signature \(offset 10508656, 82226 bytes\) lies outside the 6291456-byte range/);
  });

  it('a universal binary cut inside a slice is malformed, naming the slice', () => {
    const file = readMachO(readFileSync(fixture('fsevents.truncated')));
    expect(file.format).toBe('fat');
    expect(file.malformed).toMatch(/^slice 1 \(offset 98304, 65322 bytes\) lies outside the 100000-byte range/);
  });

  it('skips re-hashing when asked, reporting valid as null', () => {
    const file = readMachO(readFileSync(fixture('esbuild-arm64.flip-page-1000')), { validate: false });
    expect(file.slices[0]!.report).toMatchObject({ signed: true, valid: null, firstBadPage: null });
  });
});

describe('readMachO on files that are not Mach-O', () => {
  it.each([
    ['a shell script', Buffer.from('#!/bin/sh\nexit 0\n')],
    ['an empty file', Buffer.alloc(0)],
    ['three bytes of a magic', Buffer.from([0xcf, 0xfa, 0xed])],
    ['a Java class file (CAFEBABE, version 52)', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34, 0, 0])],
  ])('%s', (_name, bytes) => {
    expect(readMachO(bytes)).toEqual({ format: 'not-macho', slices: [], malformed: null });
  });
});
