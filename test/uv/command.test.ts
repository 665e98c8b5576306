import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { hasFlag, isSubcommand, optionValue, parseUvCommand } from '../../src/uv/command.js';

describe('parseUvCommand', () => {
  it.each([
    ['uv', [], [], [], true],
    ['uv', ['--version'], [], [], true],
    ['uv', ['-V'], [], [], true],
    ['uv', ['help', 'run'], ['help'], [], true],
    ['uv', ['sync', '--frozen'], ['sync'], [], false],
    ['uv', ['pip', 'install', 'requests'], ['pip', 'install'], [], false],
    ['uv', ['--directory', 'sub', 'run', 'pytest', '-x'], ['run'], ['pytest', '-x'], false],
    ['uv', ['run', '--python', '3.12', 'python', '-c', 'print(1)'], ['run'], ['python', '-c', 'print(1)'], false],
    ['uv', ['run', '-p3.12', '--with', 'rich', 'app.py', '--python', 'x'], ['run'], ['app.py', '--python', 'x'], false],
    ['uv', ['run', '--', 'sync', '--help'], ['run'], ['sync', '--help'], false],
    ['uvx', ['ruff', 'check', '.'], ['tool', 'run'], ['ruff', 'check', '.'], false],
    ['uvx', ['--from', 'httpie', 'http', '--version'], ['tool', 'run'], ['http', '--version'], false],
    ['uv', ['tool', 'run', 'black', '--check'], ['tool', 'run'], ['black', '--check'], false],
    ['uv', ['python', 'install', '3.13'], ['python', 'install'], [], false],
  ] as const)('%s %j → subcommand %j, program %j', (tool, args, subcommand, program, informational) => {
    const c = parseUvCommand(tool, args);
    expect({ subcommand: c.subcommand, program: c.program, informational: c.informational }).toEqual({
      subcommand,
      program,
      informational,
    });
  });

  it('reads option values in every spelling, short aliases under long names, last one winning', () => {
    const c = parseUvCommand('uv', ['-p', '3.11', 'run', '--python=3.12', '--link-mode', 'copy', '-q', 'x.py']);
    expect(optionValue(c, '--python')).toBe('3.12');
    expect(optionValue(c, '--link-mode')).toBe('copy');
    expect(hasFlag(c, '--quiet')).toBe(true);
    expect(isSubcommand(c, 'run')).toBe(true);
    expect(isSubcommand(c, 'sync')).toBe(false);
  });

  it("does not take a program's own options for uv's", () => {
    const c = parseUvCommand('uv', ['run', 'pytest', '--python', '3.9']);
    expect(optionValue(c, '--python')).toBeUndefined();
  });

  it('keeps positionals of ordinary subcommands apart from the subcommand path', () => {
    const c = parseUvCommand('uv', ['add', 'numpy', 'pandas', '--dev']);
    expect(c.subcommand).toEqual(['add']);
    expect(c.positionals).toEqual(['numpy', 'pandas']);
  });
});

// Every option of these subcommands, as the real uv's --help lists it: the
// name, its short form, and whether it takes a value (`--opt <VALUE>`).
const SUBCOMMANDS = [
  ['run'], ['sync'], ['lock'], ['add'], ['remove'], ['tree'], ['export'], ['init'], ['venv'], ['build'], ['format'],
  ['tool', 'run'], ['tool', 'install'], ['tool', 'upgrade'], ['python', 'install'], ['python', 'find'], ['python', 'pin'],
  ['pip', 'install'], ['pip', 'compile'], ['pip', 'sync'], ['pip', 'list'], ['pip', 'show'], ['cache', 'clean'],
];

function documentedOptions(subcommand: string[]): { names: string[]; value: boolean }[] {
  const help = execFileSync(join(inject('realUvDir'), 'uv'), [...subcommand, '--help'], { encoding: 'utf8' });
  return [...help.matchAll(/^ {2}(?:(-[a-zA-Z0-9]), | {4})(--[a-z0-9-]+)( <)?/gm)].map((m) => ({
    names: [m[2]!, ...(m[1] ? [m[1]] : [])],
    value: m[3] !== undefined,
  }));
}

describe('parseUvCommand against the options of the real uv', () => {
  it.each(SUBCOMMANDS.map((s) => [s.join(' '), s]))('uv %s: a value is never taken for a positional, a flag never eats one', (_, subcommand) => {
    const wrong: string[] = [];
    const options = documentedOptions(subcommand);
    // The help was read: every subcommand has the global options at least.
    expect(options.length).toBeGreaterThan(10);
    for (const { names, value } of options) {
      if (names[0] === '--help' || (names[0] === '--version' && !value)) continue;
      for (const name of names) {
        const c = parseUvCommand('uv', [...subcommand, name, ...(value ? ['VALUE'] : []), 'POS']);
        const rest = [...c.positionals, ...c.program];
        if (c.subcommand.join(' ') !== subcommand.join(' ') || rest.join(' ') !== 'POS') wrong.push(`${name}${value ? ' <VALUE>' : ''}: ${JSON.stringify(rest)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads `uv run -m pytest -p no:cacheprovider` as running the module pytest, with no --python', () => {
    const c = parseUvCommand('uv', ['run', '-m', 'pytest', '-p', 'no:cacheprovider']);
    expect(c.program).toEqual(['pytest', '-p', 'no:cacheprovider']);
    expect(optionValue(c, '--python')).toBeUndefined();
  });
});
