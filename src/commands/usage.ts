import type { ShimFailure, UsageProblem } from '../errors.js';
import { COMMANDS } from './registry.js';
import type { CommandSpec, OptionSpec } from './spec.js';

// The text of every usage line and help page, rendered from the registry so
// that help, errors and parsing never disagree.

function optionUsage(option: OptionSpec): string {
  const value = option.type === 'string' ? ` ${option.choices ? option.choices.join('|') : (option.value ?? 'VALUE')}` : '';
  return `[--${option.name}${value}]`;
}

// `uv-shim install [--dir DIR] [--shell bash|zsh|fish] [--profile]`
export function usageLine(name: string, spec: CommandSpec = COMMANDS[name]!): string {
  return ['uv-shim', name, ...spec.options.map(optionUsage), ...(spec.args ? [spec.args] : [])].join(' ');
}

// `uv-shim help COMMAND` and `uv-shim COMMAND --help`.
export function commandHelp(name: string): string {
  const spec = COMMANDS[name]!;
  const rows = spec.options.map((o) => {
    const flags = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return [flags, o.summary] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([flags]) => flags.length));
  return [
    `uv-shim ${name}: ${spec.summary}`,
    '',
    `Usage: ${usageLine(name)}`,
    '',
    spec.description,
    '',
    'Options:',
    ...rows.map(([flags, summary]) => `  ${flags.padEnd(width)}  ${summary}`),
    '',
  ].join('\n');
}

// `uv-shim --help`: every command, one line each.
export function mainHelp(version: string): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    `uv-shim ${version}: a transparent uv/uvx wrapper that checks and repairs what macOS would kill.`,
    '',
    'Usage: uv-shim COMMAND [OPTIONS]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`),
    '',
    'Run `uv-shim help COMMAND` (or `uv-shim COMMAND --help`) for a command\'s options.',
    'Once installed, run `uv` and `uvx` as usual; see README.md for configuration.',
    '',
  ].join('\n');
}

// A usage error of `uv-shim NAME`, or of `uv-shim` itself (no NAME), as a
// failure for src/failure-text.ts to word.
export function usageFailure(name: string | undefined, problem: UsageProblem): ShimFailure {
  return { kind: 'usage', command: name, problem, usage: name ? usageLine(name) : 'uv-shim COMMAND [OPTIONS]' };
}
