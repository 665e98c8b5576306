import { didYouMean } from './did-you-mean.js';
import type { CommandSpec, OptionSpec, ParsedArgs } from './spec.js';

// What parsing a command's arguments came to: its arguments, a request for
// its help, or a usage error (the facts; commands/cli.ts writes the text).
export type ParseResult =
  | { kind: 'args'; args: ParsedArgs }
  | { kind: 'help' }
  | { kind: 'usage'; problem: string; hint?: string };

// Parses argv against the command's declaration: `--name`, `--name=value`,
// `--name value`, `-s value`, `--` ending the options, `-h`/`--help`
// anywhere before it. A passThrough command stops reading options at its
// first positional.
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParseResult {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  let optionsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsDone || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      if (spec.passThrough) optionsDone = true;
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const option = findOption(spec.options, flag);
    if (!option) {
      const known = spec.options.map((o) => `--${o.name}`).concat('--help');
      const near = flag.startsWith('--') ? didYouMean(flag, known) : undefined;
      return { kind: 'usage', problem: `unknown option ${JSON.stringify(flag)}`, hint: near && `did you mean ${near}?` };
    }
    if (option.type === 'boolean') {
      if (eq !== -1) return { kind: 'usage', problem: `--${option.name} takes no value` };
      values[option.name] = true;
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return { kind: 'usage', problem: `--${option.name} needs a value (${option.value ?? 'VALUE'})` };
    if (option.choices && !option.choices.includes(value)) {
      return { kind: 'usage', problem: `--${option.name} must be one of ${option.choices.join(', ')}, not ${JSON.stringify(value)}` };
    }
    values[option.name] = value;
  }
  const count = positionals.length;
  if (spec.min !== undefined && count < spec.min) {
    const first = spec.args?.split(' ').find((w) => w !== '[--]')?.replace(/[[\]…]/g, '');
    return { kind: 'usage', problem: `missing ${first ?? 'an argument'}` };
  }
  if (spec.max !== undefined && count > spec.max) {
    return { kind: 'usage', problem: `unexpected argument ${JSON.stringify(positionals[spec.max])}` };
  }
  return { kind: 'args', args: { values, positionals } };
}

function findOption(options: readonly OptionSpec[], flag: string): OptionSpec | undefined {
  if (flag.startsWith('--')) return options.find((o) => o.name === flag.slice(2));
  return flag.length === 2 ? options.find((o) => o.short === flag[1]) : undefined;
}
