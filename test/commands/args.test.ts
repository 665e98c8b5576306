import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../src/commands/args.js';
import { didYouMean, editDistance } from '../../src/commands/did-you-mean.js';
import type { CommandSpec } from '../../src/commands/spec.js';

const spec: CommandSpec = {
  summary: 's',
  description: 'd',
  args: 'FILE…',
  options: [
    { name: 'json', type: 'boolean', summary: '' },
    { name: 'python', short: 'p', type: 'string', value: 'REQ', summary: '' },
    { name: 'shell', type: 'string', choices: ['bash', 'zsh'], summary: '' },
  ],
  min: 1,
  max: 2,
};

describe('parseCommandArgs', () => {
  it.each([
    [['a'], { values: {}, positionals: ['a'] }],
    [['--json', 'a', 'b'], { values: { json: true }, positionals: ['a', 'b'] }],
    [['--python', '3.12', 'a'], { values: { python: '3.12' }, positionals: ['a'] }],
    [['--python=3.12', 'a'], { values: { python: '3.12' }, positionals: ['a'] }],
    [['-p', '3.12', 'a'], { values: { python: '3.12' }, positionals: ['a'] }],
    [['--', '--json'], { values: {}, positionals: ['--json'] }],
    [['-'], { values: {}, positionals: ['-'] }],
    [['--shell', 'zsh', 'a'], { values: { shell: 'zsh' }, positionals: ['a'] }],
  ])('%j → %j', (argv, args) => {
    expect(parseCommandArgs(spec, argv)).toEqual({ kind: 'args', args });
  });

  it.each([
    [['--help'], { kind: 'help' }],
    [['a', '-h'], { kind: 'help' }],
    [['--', '-h'], { kind: 'args', args: { values: {}, positionals: ['-h'] } }],
    [[], { kind: 'usage', problem: { kind: 'missing-argument', name: 'FILE' } }],
    [['a', 'b', 'c'], { kind: 'usage', problem: { kind: 'unexpected-argument', given: 'c' } }],
    [['--jsno', 'a'], { kind: 'usage', problem: { kind: 'unknown-option', flag: '--jsno', near: '--json' } }],
    [['--zzzzzz', 'a'], { kind: 'usage', problem: { kind: 'unknown-option', flag: '--zzzzzz' } }],
    [['-x', 'a'], { kind: 'usage', problem: { kind: 'unknown-option', flag: '-x' } }],
    [['--json=1', 'a'], { kind: 'usage', problem: { kind: 'takes-no-value', option: 'json' } }],
    [['a', '--python'], { kind: 'usage', problem: { kind: 'needs-value', option: 'python', value: 'REQ' } }],
    [['--python=', 'a'], { kind: 'usage', problem: { kind: 'needs-value', option: 'python', value: 'REQ' } }],
    [['--shell', 'tcsh', 'a'], { kind: 'usage', problem: { kind: 'not-a-choice', option: 'shell', given: 'tcsh', choices: ['bash', 'zsh'] } }],
  ])('%j → %j', (argv, result) => {
    expect(parseCommandArgs(spec, argv)).toEqual(result);
  });

  it('holds a positional with a list of values to that list', () => {
    const completions: CommandSpec = { ...spec, args: 'SHELL', completeArgs: ['bash', 'zsh'], min: 1, max: 1 };
    expect(parseCommandArgs(completions, ['zsh'])).toEqual({ kind: 'args', args: { values: {}, positionals: ['zsh'] } });
    expect(parseCommandArgs(completions, ['tcsh'])).toEqual({ kind: 'usage', problem: { kind: 'not-a-choice', given: 'tcsh', choices: ['bash', 'zsh'] } });
  });

  it('stops reading options at the first positional of a pass-through command', () => {
    const time: CommandSpec = { ...spec, passThrough: true, min: 1, max: undefined };
    expect(parseCommandArgs(time, ['uv', 'run', '--json', '-x'])).toEqual({ kind: 'args', args: { values: {}, positionals: ['uv', 'run', '--json', '-x'] } });
    expect(parseCommandArgs(time, ['--json', 'uv'])).toEqual({ kind: 'args', args: { values: { json: true }, positionals: ['uv'] } });
  });
});

describe('didYouMean', () => {
  it.each([
    ['isntall', ['install', 'inspect'], 'install'],
    ['insall', ['install', 'inspect'], 'install'],
    ['docter', ['doctor', 'check'], 'doctor'],
    ['--jsno', ['--json', '--help'], '--json'],
    ['frobnicate', ['install', 'doctor'], undefined],
    ['x', ['uv'], undefined],
  ])('%s among %j → %s', (word, known, expected) => {
    expect(didYouMean(word, known)).toBe(expected);
  });

  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'acb', 1],
    ['kitten', 'sitting', 3],
  ])('editDistance(%j, %j) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
