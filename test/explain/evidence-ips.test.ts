import { describe, expect, it } from 'vitest';
import { killKindOf, parseIpsReport, parseIpsTime } from '../../src/explain/evidence-ips.js';
import { LAUNCH_CONSTRAINT, NVIM_INVALID_PAGE, taskgatedReport } from './data/ips-samples.js';

describe('parseIpsReport', () => {
  it('reads the fields of a real invalid-page report', () => {
    expect(parseIpsReport(NVIM_INVALID_PAGE)).toEqual({
      bugType: '309',
      time: Date.UTC(2025, 11, 15, 5, 22, 2, 66),
      procName: 'nvim',
      procPath: '/opt/homebrew/*/nvim',
      pid: 3450,
      parentProc: 'nvim',
      parentPid: 3447,
      signal: 'SIGKILL (Code Signature Invalid)',
      namespace: 'CODESIGNING',
      code: 2,
      indicator: 'Invalid Page',
      codeSigningFlags: 587203104,
    });
  });

  it('reads a taskgated report', () => {
    const text = taskgatedReport({ time: '2026-11-27 10:00:00.1234 +0000', pid: 77, procPath: '/u/python3.13', procName: 'python3.13', parentProc: 'uv' });
    expect(parseIpsReport(text)).toMatchObject({ pid: 77, code: 1, indicator: 'Taskgated Invalid Signature', parentProc: 'uv' });
  });

  it.each([
    ['empty', ''],
    ['one line only', '{"bug_type":"309"}'],
    ['a text report (macOS 11)', 'Process:               Pelt [1456]\nPath:                  /Applications/Pelt.app/Contents/MacOS/Pelt\n'],
    ['a cut body', `${NVIM_INVALID_PAGE.slice(0, 900)}`],
    ['a JSON array body', '{"bug_type":"309"}\n[1,2]'],
  ])('returns null for %s', (_name, text) => {
    expect(parseIpsReport(text)).toBeNull();
  });

  it('keeps the header timestamp when the body has no captureTime', () => {
    const text = '{"bug_type":"309","timestamp":"2025-12-15 13:22:02.00 +0800"}\n{"pid":1}';
    expect(parseIpsReport(text)?.time).toBe(Date.UTC(2025, 11, 15, 5, 22, 2, 0));
  });

  it('ignores fields of the wrong type', () => {
    const text = '{"bug_type":309}\n{"pid":"12","procName":7,"termination":"CODESIGNING"}';
    expect(parseIpsReport(text)).toMatchObject({ bugType: '', pid: null, procName: null, namespace: null });
  });
});

describe('killKindOf', () => {
  it.each([
    [{ namespace: 'CODESIGNING', code: 1, indicator: 'Taskgated Invalid Signature' }, 'taskgated'],
    [{ namespace: 'CODESIGNING', code: 2, indicator: 'Invalid Page' }, 'invalid-page'],
    [LAUNCH_CONSTRAINT, 'launch-constraint'],
    [{ namespace: 'CODESIGNING', code: 2, indicator: null }, 'invalid-page'],
    [{ namespace: 'CODESIGNING', code: 1, indicator: null }, 'taskgated'],
    [{ namespace: 'CODESIGNING', code: 9, indicator: 'Unknown' }, 'codesigning'],
    [{ namespace: 'SIGNAL', code: 9, indicator: 'Killed: 9' }, 'not-codesigning'],
    [{ namespace: null, code: null, indicator: null }, 'not-codesigning'],
  ] as const)('%j → %s', (termination, kind) => {
    expect(killKindOf(termination)).toBe(kind);
  });
});

describe('parseIpsTime', () => {
  it.each([
    ['2025-12-15 13:22:02.0660 +0800', Date.UTC(2025, 11, 15, 5, 22, 2, 66)],
    ['2025-12-15 13:22:02.00 +0800', Date.UTC(2025, 11, 15, 5, 22, 2, 0)],
    ['2020-04-13 23:21:10.552 +0200', Date.UTC(2020, 3, 13, 21, 21, 10, 552)],
    ['2024-03-01 08:08:18 -0530', Date.UTC(2024, 2, 1, 13, 38, 18, 0)],
    ['2024-03-01T08:08:18Z', null],
    ['', null],
  ])('%s', (text, ms) => {
    expect(parseIpsTime(text)).toBe(ms);
  });
});
