import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES } from '../../src/commands/load.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox } from '../helpers/sandbox.js';

const NAMES = Object.keys(COMMANDS);

describe('the uv-shim command', () => {
  it('prints the same version for --version, -V and `version`', async () => {
    const sb = makeSandbox();
    const outputs = await Promise.all(['--version', '-V', 'version'].map((a) => uvShim(sb, [a])));
    for (const r of outputs) expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: expect.stringMatching(/^uv-shim \d+\.\d+\.\d+\n$/), stderr: '' });
    expect(new Set(outputs.map((r) => r.stdout.toString())).size).toBe(1);
  });

  it('lists every command in --help', async () => {
    const help = await uvShim(makeSandbox(), ['--help']);
    expect(help.code).toBe(0);
    for (const name of NAMES) expect(help.stdout.toString()).toMatch(new RegExp(`^  ${name} +${COMMANDS[name]!.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it.each(NAMES)('`%s --help`, `-h` and `help %s` print the same help on stdout', async (name) => {
    const sb = makeSandbox();
    const [long, short, viaHelp] = await Promise.all([uvShim(sb, [name, '--help']), uvShim(sb, [name, '-h']), uvShim(sb, ['help', name])]);
    for (const r of [long, short, viaHelp]) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(long.stdout.toString()).toContain(`Usage: uv-shim ${name}`);
    for (const option of COMMANDS[name]!.options) expect(long.stdout.toString()).toContain(`--${option.name}`);
    expect(short.stdout.toString()).toBe(long.stdout.toString());
    expect(viaHelp.stdout.toString()).toBe(long.stdout.toString());
  });

  it.each(NAMES)('`%s` rejects an unknown option with exit 2 in the one usage-error format', async (name) => {
    const r = await uvShim(makeSandbox(), [name, '--zzz-bogus']);
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 2, stdout: 0 });
    expect(r.stderr).toMatch(new RegExp(`^uv-shim ${name}: error: unknown option "--zzz-bogus"\\.\\n\\nUsage: uv-shim ${name}[^\\n]*\\nRun \`uv-shim help ${name}\` for more\\.\\n$`));
  });

  it.each([
    ['isntall', 'install'],
    ['docter', 'doctor'],
    ['inpsect', 'inspect'],
    ['completion', 'completions'],
  ])('suggests `%s` → `%s`', async (typo, meant) => {
    const r = await uvShim(makeSandbox(), [typo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`uv-shim: error: unknown command "${typo}"; did you mean \`uv-shim ${meant}\`?`);
  });

  it('suggests nothing for a word that is not near any command', async () => {
    const r = await uvShim(makeSandbox(), ['frobnicate']);
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 2, stdout: 0 });
    expect(r.stderr).toContain('uv-shim: error: unknown command "frobnicate".\n');
  });

  it('answers `help` with a command it does not know in the one usage-error format', async () => {
    const r = await uvShim(makeSandbox(), ['help', 'docter']);
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 2, stdout: 0 });
    expect(r.stderr).toBe(
      'uv-shim help: error: unknown command "docter"; did you mean `uv-shim help doctor`?\n\nUsage: uv-shim help [COMMAND]\nRun `uv-shim help help` for more.\n',
    );
  });

  it('suggests the option meant', async () => {
    const r = await uvShim(makeSandbox(), ['doctor', '--jsno']);
    expect(r.stderr).toContain('unknown option "--jsno"; did you mean --json?');
  });
});

describe('uv-shim completions', () => {
  // Drives the generated bash completion the way bash's readline does:
  // COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
  async function complete(words: string[]): Promise<string[]> {
    const sb = makeSandbox();
    const script = join(sb.root, 'uv-shim.bash');
    writeFileSync(script, (await uvShim(sb, ['completions', 'bash'])).stdout);
    const line = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _uv_shim; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['-c', line], { cwd: sb.work, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  }

  it('completes command names in bash', async () => {
    expect(await complete(['uv-shim', 'ins'])).toEqual(['inspect', 'install']);
  });

  it('completes a command\'s options and their choices in bash', async () => {
    expect(await complete(['uv-shim', 'install', '--sh'])).toEqual(['--shell']);
    expect(await complete(['uv-shim', 'install', '--shell', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete(['uv-shim', 'completions', 'z'])).toEqual(['zsh']);
  });

  // zsh and fish check their script's syntax without running it; where the
  // shell is not installed there is nothing to check it with.
  it.each([
    ['zsh', ['-n']],
    ['fish', ['--no-execute']],
  ])('prints a %s script that %s parses', async (shell, flags) => {
    const present = spawnSync(shell, ['-c', 'exit 0']).status === 0;
    if (!present) {
      console.warn(`${shell} is not installed: its completion script's syntax is not checked here`);
      return;
    }
    const sb = makeSandbox();
    const r = await uvShim(sb, ['completions', shell]);
    expect(r.code).toBe(0);
    const file = join(sb.root, `uv-shim.${shell}`);
    writeFileSync(file, r.stdout);
    const check = spawnSync(shell, [...flags, file], { encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
    for (const name of NAMES) expect(r.stdout.toString()).toContain(name);
  });

  it('refuses a shell it does not know, in the one usage-error format', async () => {
    const r = await uvShim(makeSandbox(), ['completions', 'tcsh']);
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 2, stdout: 0 });
    expect(r.stderr).toBe(
      'uv-shim completions: error: "tcsh" is not one of bash, zsh, fish.\n\nUsage: uv-shim completions SHELL\nRun `uv-shim help completions` for more.\n',
    );
  });
});

describe('the command modules', () => {
  it('has exactly one module for each command in the registry', () => {
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual(Object.keys(COMMANDS).sort());
  });
});
