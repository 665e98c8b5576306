import { describe, expect, it } from 'vitest';
import { macArch, sliceFor } from '../../src/native/arch.js';
import { judgeNative } from '../../src/native/judge-native.js';
import type { FileReport, SliceReport } from '../../src/darwin/types.js';

function slice(arch: string, over: Partial<SliceReport> = {}): SliceReport {
  return {
    arch, signed: true, adhoc: true, linkerSigned: true, hardenedRuntime: false, teamId: null, identifier: 'x', cdVersion: 0x20400,
    hashType: 'sha256', pageSize: 16384, codeSlots: 10, codeLimit: 160000, cms: false, valid: true, firstBadPage: null, ...over,
  };
}

function report(slices: SliceReport[], xattrs: Record<string, string> = {}, over: Partial<FileReport> = {}): FileReport {
  return { path: '/x.so', format: slices.length > 1 ? 'fat' : 'thin', xattrs, quarantine: null, slices, problem: null, ...over };
}

describe('macArch', () => {
  it.each([
    [{}, 'arm64', false, 'arm64'],
    [{}, 'x64', false, 'x86_64'],
    [{}, 'x64', true, 'arm64'],
    [{ UV_SHIM_ARCH: 'x86_64' }, 'arm64', false, 'x86_64'],
    [{ UV_SHIM_ARCH: 'x86_64' }, 'x64', true, 'x86_64'],
    [{ UV_SHIM_ARCH: 'arm64' }, 'x64', false, 'arm64'],
    [{ UV_SHIM_ARCH: 'ppc' }, 'arm64', false, 'arm64'],
  ] as const)('%j on %s (simulated: %s) → %s', (env, nodeArch, simulated, arch) => {
    expect(macArch(env, nodeArch, simulated)).toBe(arch);
  });
});

describe('sliceFor', () => {
  it.each([
    [['x86_64', 'arm64'], 'arm64', 'arm64'],
    [['x86_64', 'arm64'], 'x86_64', 'x86_64'],
    [['x86_64'], 'arm64', 'x86_64'], // Rosetta
    [['arm64e'], 'arm64', 'arm64e'],
    [['arm64'], 'x86_64', null],
    [['x86_64', 'x86_64h'], 'x86_64', 'x86_64h'],
  ] as const)('%j on %s → %s', (archs, mac, expected) => {
    expect(sliceFor(archs.map((a) => slice(a)), mac)?.arch ?? null).toBe(expected);
  });
});

describe('judgeNative', () => {
  const Q = { 'com.apple.quarantine': '0083;65b0c2f1;Safari;' };
  const P = { 'com.apple.provenance': 'hex:010200a1b2c3d4e5f60718' };
  it.each([
    ['an intact signed library', report([slice('arm64')]), 'library', 'arm64', 'ok'],
    ['a bad page in the slice this Mac runs', report([slice('x86_64'), slice('arm64', { valid: false, firstBadPage: 5 })]), 'library', 'arm64', 'bad-signature'],
    ['a bad page in a slice this Mac does not run', report([slice('x86_64'), slice('arm64', { valid: false, firstBadPage: 5 })]), 'library', 'x86_64', 'ok'],
    ['unsigned arm64 code', report([slice('arm64', { signed: false, valid: null })]), 'library', 'arm64', 'bad-signature'],
    ['unsigned x86_64 code on Intel', report([slice('x86_64', { signed: false, valid: null })]), 'library', 'x86_64', 'ok'],
    ['a quarantined executable', report([slice('arm64')], Q), 'executable', 'arm64', 'killed'],
    ['an executable with provenance', report([slice('arm64')], P), 'executable', 'arm64', 'killed'],
    ['a quarantined library', report([slice('arm64')], Q), 'library', 'arm64', 'flagged'],
    ['no slice for this Mac', report([slice('arm64')]), 'library', 'x86_64', 'ok'],
    ['an unreadable file', report([], {}, { format: 'not-macho', problem: { kind: 'cannot-open', path: '/x.so', errno: 'EACCES', detail: 'permission denied' } }), 'library', 'arm64', 'unreadable'],
  ] as const)('%s → %s', (_name, r, role, arch, state) => {
    expect(judgeNative(r, role, arch).state).toBe(state);
  });

  it('names the page and the slice', () => {
    expect(judgeNative(report([slice('arm64', { valid: false, firstBadPage: 1000 })]), 'library', 'arm64').reason).toBe(
      'its arm64 code no longer matches its signature (page 1000); macOS kills the process that maps it',
    );
  });
});
