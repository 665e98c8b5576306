import { describe, expect, it } from 'vitest';
import { PROVENANCE, QUARANTINE, type FileReport, type SliceReport } from '../../src/darwin/types.js';
import { judge, killedBySystem, needsRepair } from '../../src/guard/judge.js';
import type { ProbeResult, VerdictState } from '../../src/guard/types.js';

// One slice as the Mach-O reader reports it: ad hoc signed, pages intact.
function slice(overrides: Partial<SliceReport> = {}): SliceReport {
  return {
    arch: 'arm64', signed: true, adhoc: true, linkerSigned: false, hardenedRuntime: false, teamId: null, identifier: 'python3',
    cdVersion: 0x20400, hashType: 'sha256', pageSize: 4096, codeSlots: 10, codeLimit: 40_000, cms: false,
    valid: true, firstBadPage: null, ...overrides,
  };
}

function report(overrides: Partial<FileReport> = {}): FileReport {
  return { path: '/p/bin/python3.12', format: 'thin', xattrs: {}, quarantine: null, slices: [slice()], problem: null, ...overrides };
}

// How the probe (`python -I -S -c ''` under a timeout) ended.
const PROBE = {
  ran: { ran: true, code: 0, signal: null, timedOut: false, ms: 20 },
  failed: { ran: true, code: 1, signal: null, timedOut: false, ms: 20 },
  sigkill: { ran: false, code: null, signal: 'SIGKILL', timedOut: false, ms: 5 },
  sigsegv: { ran: false, code: null, signal: 'SIGSEGV', timedOut: false, ms: 5 },
  // The probe's own timeout kill is reported as timedOut, without a signal.
  timedOut: { ran: false, code: null, signal: null, timedOut: true, ms: 10_000 },
  // The same, had the SIGKILL been passed on: still the probe's doing.
  timedOutKilled: { ran: false, code: null, signal: 'SIGKILL', timedOut: true, ms: 10_000 },
  notStarted: { ran: false, code: null, signal: null, timedOut: false, ms: 1 },
} satisfies Record<string, ProbeResult>;

const provenance = { [PROVENANCE]: 'hex:01020000deadbeef' };
const quarantine = { [QUARANTINE]: '0083;65b0c2f1;Safari;' };
const badPage = [slice({ arch: 'x86_64' }), slice({ valid: false, firstBadPage: 5 })];

describe('judge: one state from what a cold check saw', () => {
  it.each<[string, FileReport | undefined, ProbeResult | undefined, VerdictState]>([
    // The probe outranks everything.
    ['killed, intact signature', report(), PROBE.sigkill, 'killed'],
    ['killed, with provenance', report({ xattrs: provenance }), PROBE.sigkill, 'killed'],
    ['killed, with a bad page', report({ slices: badPage }), PROBE.sigkill, 'killed'],
    ['killed, no report (Linux)', undefined, PROBE.sigkill, 'killed'],
    ['could not be started', report(), PROBE.notStarted, 'unreadable'],
    ['could not be started, with a bad page', report({ slices: badPage }), PROBE.notStarted, 'unreadable'],
    // Then what the file says.
    ['unreadable file', report({ slices: [], format: 'not-macho', problem: { kind: 'cannot-open', path: '/p/bin/python3.12', errno: 'EACCES', detail: 'permission denied' } }), PROBE.ran, 'unreadable'],
    ['malformed, not unreadable', report({ slices: [], problem: { kind: 'malformed', path: '/p/bin/python3.12', detail: 'truncated load commands' } }), PROBE.ran, 'ok'],
    ['bad page, probe ran', report({ slices: badPage }), PROBE.ran, 'bad-signature'],
    ['bad page, no probe', report({ slices: badPage }), undefined, 'bad-signature'],
    ['unsigned slice (valid null) is not a bad page', report({ slices: [slice({ signed: false, valid: null })] }), PROBE.ran, 'ok'],
    ['provenance, ran', report({ xattrs: provenance }), PROBE.ran, 'flagged'],
    ['quarantine, no probe', report({ xattrs: quarantine }), undefined, 'flagged'],
    ['both marks and a bad page', report({ xattrs: { ...provenance, ...quarantine }, slices: badPage }), PROBE.ran, 'bad-signature'],
    // A probe that died otherwise is not a refusal.
    ['timed out', report(), PROBE.timedOut, 'ok'],
    ['timed out, SIGKILL seen', report(), PROBE.timedOutKilled, 'ok'],
    ['SIGSEGV', report(), PROBE.sigsegv, 'ok'],
    ['exit 1', report(), PROBE.failed, 'ok'],
    ['clean', report(), PROBE.ran, 'ok'],
    ['nothing known', undefined, undefined, 'ok'],
  ])('%s -> %s', (_what, fileReport, probe, state) => {
    expect(judge(fileReport, probe).state).toBe(state);
  });

  it('names the facts behind the state: the marks, the arch and the first bad page', () => {
    const killed = judge(report({ xattrs: { ...provenance, ...quarantine } }), PROBE.sigkill).reason;
    expect(killed).toContain(PROVENANCE);
    expect(killed).toContain(QUARANTINE);
    expect(judge(report(), PROBE.sigkill).reason).not.toContain('com.apple');
    const bad = judge(report({ slices: badPage }), PROBE.ran).reason;
    expect(bad).toContain('arm64');
    expect(bad).not.toContain('x86_64');
    expect(bad).toContain('5');
    expect(judge(report({ xattrs: quarantine }), PROBE.ran).reason).toContain(QUARANTINE);
    expect(judge(report(), PROBE.sigsegv).reason).toContain('SIGSEGV');
  });
});

describe('killedBySystem and needsRepair', () => {
  it.each<[ProbeResult, boolean]>([
    [PROBE.sigkill, true],
    [PROBE.timedOut, false],
    [PROBE.timedOutKilled, false],
    [PROBE.sigsegv, false],
    [PROBE.ran, false],
    [PROBE.notStarted, false],
  ])('killedBySystem(%j) = %s', (probe, killed) => {
    expect(killedBySystem(probe)).toBe(killed);
  });

  it.each<[VerdictState, boolean]>([
    ['killed', true],
    ['bad-signature', true],
    ['flagged', false],
    ['ok', false],
    ['unreadable', false],
    ['blocked', false],
  ])('needsRepair(%s) = %s', (state, repair) => {
    expect(needsRepair(state)).toBe(repair);
  });
});
