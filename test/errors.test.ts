import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodeOfFailure, ShimError, type ShimFailure } from '../src/errors.js';
import { EXIT_CODE_MEANINGS, exitCodeTable, formatFailure } from '../src/failure-text.js';

// One of every kind, with the exit code the README documents for it.
const CASES: [ShimFailure, number][] = [
  [{ kind: 'uv-not-found', tool: 'uv', searched: ['/usr/bin'], skipped: [{ path: '/s/uv', reason: 'in the shim directory' }] }, 127],
  [{ kind: 'override-unusable', variable: 'UV_SHIM_REAL_UV', path: '/nope', problem: 'missing' }, 127],
  [{ kind: 'override-unusable', variable: 'UV_SHIM_REAL_UV', path: '/etc/hosts', problem: 'not-executable' }, 126],
  [{ kind: 'override-unusable', variable: 'UV_SHIM_REAL_UVX', path: '/s/uvx', problem: 'launcher' }, 125],
  [{ kind: 'uv-cannot-start', file: '/u/uv', errno: 'ENOENT', reason: 'spawn /u/uv ENOENT' }, 127],
  [{ kind: 'uv-cannot-start', file: '/u/uv', errno: 'EACCES', reason: 'spawn /u/uv EACCES' }, 126],
  [{ kind: 'uv-cannot-start', file: '/u/uv', errno: 'E2BIG', reason: 'spawn E2BIG' }, 126],
  [{ kind: 'started-itself' }, 125],
  [{ kind: 'nested-too-deep', depth: 16 }, 125],
  [{ kind: 'hook-failed', hook: 'upload', reason: 'no network', required: true, uv: { code: 3, signal: null } }, 124],
  [{ kind: 'hook-failed', hook: 'lint', reason: 'exit 1', required: false, uv: null }, 124],
  [{ kind: 'config-invalid', problems: [{ file: 'environment', key: 'UV_SHIM_LOG', message: 'must be one of …' }] }, 78],
  [{ kind: 'internal', detail: 'TypeError: x is undefined' }, 70],
  [{ kind: 'launcher-broken', tool: 'pip' }, 2],
  [{ kind: 'usage', command: 'doctor', problem: { kind: 'unknown-option', flag: '--jsn', near: '--json' }, usage: 'uv-shim doctor [--json]' }, 2],
  [{ kind: 'usage', command: undefined, problem: { kind: 'unknown-command', given: 'frob' }, usage: 'uv-shim COMMAND [OPTIONS]' }, 2],
  [{ kind: 'usage', command: 'completions', problem: { kind: 'not-a-choice', given: 'tcsh', choices: ['bash', 'zsh', 'fish'] }, usage: 'uv-shim completions SHELL' }, 2],
  [{ kind: 'not-a-python', command: 'repair', paths: ['/tmp', '/etc'] }, 2],
  [{ kind: 'command-cannot-start', command: 'time', file: 'nope', errno: 'ENOENT', reason: 'spawn nope ENOENT', measurer: false }, 127],
  [{ kind: 'command-cannot-start', command: 'time', file: '/etc/hosts', errno: 'EACCES', reason: 'spawn /etc/hosts EACCES', measurer: false }, 126],
  [{ kind: 'command-cannot-start', command: 'time', file: 'perl', errno: 'ENOENT', reason: 'spawn perl ENOENT', measurer: true }, 127],
  [{ kind: 'install-refused', dir: '/home/u/.local/bin', tools: ['uv'] }, 1],
  [{ kind: 'trust-failed', command: 'trust', problem: { kind: 'no-project-file', dir: '/w' } }, 1],
  [{ kind: 'trust-failed', command: 'untrust', problem: { kind: 'record-unwritable', reason: 'EROFS' } }, 1],
  [{ kind: 'system-refused', command: 'install', errno: 'EACCES', reason: "EACCES: permission denied, mkdir '/x'" }, 1],
  [{ kind: 'internal', command: 'cache', detail: 'TypeError: x is undefined' }, 70],
];

describe('the shim\'s failures', () => {
  it.each(CASES)('%o exits %i', (failure, code) => {
    expect(exitCodeOfFailure(failure)).toBe(code);
    expect(new ShimError(failure).exitCode).toBe(code);
  });

  it.each(CASES)('%o says what happened, a blank line, then what to do', (failure) => {
    const text = formatFailure(failure);
    const [happened, todo] = text.split('\n\n');
    expect(happened).toMatch(/^uv-shim( [a-z]+)?: (internal )?error: \S/);
    expect(todo!.trim().length).toBeGreaterThan(0);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n\n')).toHaveLength(2);
  });

  it('gives every exit code a failure can have a row in the table, and no row without a failure', () => {
    const used = new Set(CASES.map(([, code]) => code));
    expect(new Set(EXIT_CODE_MEANINGS.map((e) => e.code))).toEqual(used);
  });

  it('words the facts it is given: the searched directories, the hook, how uv ended', () => {
    expect(formatFailure(CASES[0]![0])).toContain('Searched:\n  /usr/bin\nSkipped:\n  /s/uv: in the shim directory');
    expect(formatFailure(CASES[9]![0])).toContain('so uv ran and exited with 3, but the shim exits 124');
    expect(formatFailure(CASES[10]![0])).toContain('so uv was not run');
    expect(formatFailure(CASES[14]![0])).toBe(
      'uv-shim doctor: error: unknown option "--jsn"; did you mean --json?\n\nUsage: uv-shim doctor [--json]\nRun `uv-shim help doctor` for more.\n',
    );
    expect(formatFailure(CASES[17]![0])).toContain(
      'uv-shim repair: error: /tmp is not an interpreter, an installation or a virtual environment.\n/etc is not an interpreter',
    );
    expect(formatFailure(CASES[21]![0])).toMatch(/^uv-shim install: error: \/home\/u\/.local\/bin\/uv exists and is not a uv-shim launcher \(probably the real uv\); nothing in/);
    expect(formatFailure(CASES[25]![0])).toMatch(/^uv-shim cache: internal error: TypeError: x is undefined\n\nPlease report this, with the `uv-shim cache` command line/);
  });
});

describe('README', () => {
  it('carries the exit-code table exactly as src/failure-text.ts declares it', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // On failure, paste the table this test expected into the README's
    // "Exit codes of the shim itself" section.
    expect(readme).toContain(`${exitCodeTable()}\n`);
  });
});
