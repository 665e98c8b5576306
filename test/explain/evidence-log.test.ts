import { describe, expect, it } from 'vitest';
import { findingFor, logStoreError, parseKernelMessage, parseLogNdjson } from '../../src/explain/evidence-log.js';
import { ndjsonLine, PYTHON_KERNEL_LINES } from './data/ips-samples.js';

const [STATUS, PAGE] = PYTHON_KERNEL_LINES as [string, string];

describe('parseKernelMessage', () => {
  it.each([
    [PAGE, { pid: 38578, procName: 'python3.11', file: '/private/var/folders/km/wl0tx9197gz3__0_h7y9gfyr0000gn/T/tmpn5ygqmbc/lib/libcrypto.3.dylib', truncated: false }],
    [STATUS, { pid: 38578, procName: 'python3.11', file: null, truncated: false }],
    // IO80211 on macOS 26 (a kernel log quoted in an OpenCore patch write-up).
    ['CODE SIGNING: process 109[configd]: rejecting invalid page at address 0x108494000 from offset 0x1000 in file "/System/Library/PrivateFrameworks/IO80211.framework/Versions/A/IO80211" (cs_mtime:0.0 == mtime:0.0)',
      { pid: 109, procName: 'configd', file: '/System/Library/PrivateFrameworks/IO80211.framework/Versions/A/IO80211', truncated: false }],
    // XNU prints the start of a long path, "/.../" and the file name.
    ['CODE SIGNING: process 12[python3.13]: rejecting invalid page at address 0x1 from offset 0x0 in file "/Users/me/very/.../_multiarray_umath.cpython-313-darwin.so" (cs_mtime:1.0 == mtime:1.0)',
      { pid: 12, procName: 'python3.13', file: '/Users/me/very/.../_multiarray_umath.cpython-313-darwin.so', truncated: true }],
    ['proc 4242: load code signature error 2 for file "python3.12"', { pid: 4242, procName: null, file: 'python3.12', truncated: true }],
  ])('%s', (message, expected) => {
    expect(parseKernelMessage(message)).toEqual({ ...expected, line: message });
  });

  it.each(['Volume update from PID = 8484 Control ID = 262', 'CODE SIGNING: something else', ''])('ignores %j', (message) => {
    expect(parseKernelMessage(message)).toBeNull();
  });
});

describe('parseLogNdjson', () => {
  it('finds the kernel lines among other output, keeping their timestamps', () => {
    const text = [
      'Filtering the log data using "eventMessage CONTAINS \\"CODE SIGNING\\""',
      ndjsonLine({ eventMessage: 'Volume update from PID = 8484', timestamp: '2026-10-07 10:19:55.713745+0800', processID: 342 }),
      ndjsonLine({ eventMessage: STATUS, timestamp: '2023-03-15 21:41:04.947799+0100', processID: 0 }),
      ndjsonLine({ eventMessage: PAGE, timestamp: '2023-03-15 21:41:04.947811+0100', processID: 0 }),
      '{"eventMessage": ',
      '',
    ].join('\n');
    const found = parseLogNdjson(text);
    expect(found.map((f) => [f.timestamp, f.file])).toEqual([
      ['2023-03-15 21:41:04.947799+0100', null],
      ['2023-03-15 21:41:04.947811+0100', '/private/var/folders/km/wl0tx9197gz3__0_h7y9gfyr0000gn/T/tmpn5ygqmbc/lib/libcrypto.3.dylib'],
    ]);
  });
});

describe('findingFor', () => {
  const findings = parseLogNdjson(
    [
      ndjsonLine({ eventMessage: STATUS, timestamp: 't1', processID: 0 }),
      ndjsonLine({ eventMessage: PAGE.replace(/38578/g, '999').replace('libcrypto', 'libother'), timestamp: 't2', processID: 0 }),
      ndjsonLine({ eventMessage: PAGE, timestamp: 't3', processID: 0 }),
    ].join('\n'),
  );
  it.each([
    [38578, 't3'],
    [999, 't2'],
    [1, null],
    [null, 't2'],
  ])('pid %s → the line at %s', (pid, timestamp) => {
    expect(findingFor(findings, pid)?.timestamp ?? null).toBe(timestamp);
  });
});

describe('logStoreError', () => {
  it.each([
    ['log: Could not open local log store: Operation not permitted\n', 'log: Could not open local log store: Operation not permitted'],
    ['log: Must be admin to run \'stream\' command\n', 'log: Must be admin to run \'stream\' command'],
    ['something else\n', null],
  ])('%j', (stderr, expected) => {
    expect(logStoreError(stderr)).toBe(expected);
  });
});
