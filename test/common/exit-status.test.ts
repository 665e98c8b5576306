import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, signalExitCode, signalOfNumber } from '../../src/common/exit-status.js';

describe('exitCodeOf', () => {
  it.each([
    [{ code: 0, signal: null }, 0],
    [{ code: 3, signal: null }, 3],
    [{ code: null, signal: 'SIGKILL' as const }, 137],
    [{ code: null, signal: 'SIGTERM' as const }, 143],
    [{ code: null, signal: 'SIGPIPE' as const }, 141],
    [{ code: null, signal: null }, 1],
  ])('%o → %i', (status, code) => {
    expect(exitCodeOf(status)).toBe(code);
  });

  // The shell's own number for the same death is the oracle.
  it.each(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGUSR1'] as const)('agrees with sh for %s', (signal) => {
    const sh = spawnSync('sh', ['-c', `sh -c 'kill -${signal.slice(3)} $$'; echo $?`], { encoding: 'utf8' });
    expect(signalExitCode(signal)).toBe(Number(sh.stdout.trim()));
  });
});

describe('signalOfNumber', () => {
  it.each([
    [9, 'SIGKILL'],
    [15, 'SIGTERM'],
    [0, undefined],
    [999, undefined],
  ])('%i → %s', (number, signal) => {
    expect(signalOfNumber(number)).toBe(signal);
  });
});
