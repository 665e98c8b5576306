import { describe, expect, it } from 'vitest';
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
