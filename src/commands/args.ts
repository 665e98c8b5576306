import type { UsageProblem } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import type { CommandSpec, OptionSpec, ParsedArgs } from './spec.js';

// What parsing a command's arguments came to: its arguments, a request for
// its help, or a usage error (the facts; src/failure-text.ts words them).
export type ParseResult = { kind: 'args'; args: ParsedArgs } | { kind: 'help' } | { kind: 'usage'; problem: UsageProblem };

const usage = (problem: UsageProblem): ParseResult => ({ kind: 'usage', problem });

// Parses argv against the command's declaration: `--name`, `--name=value`,
// `--name value`, `-s value`, `--` ending the options, `-h`/`--help`
// anywhere before it. A passThrough command stops reading options at its
// first positional. A positional with a list of values (`completeArgs`)
// must be one of them.
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
      return usage({ kind: 'unknown-option', flag, ...(near && { near }) });
    }
    if (option.type === 'boolean') {
      if (eq !== -1) return usage({ kind: 'takes-no-value', option: option.name });
      values[option.name] = true;
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return usage({ kind: 'needs-value', option: option.name, value: option.value ?? 'VALUE' });
    if (option.choices && !option.choices.includes(value)) return usage(notAChoice(value, option.choices, option.name));
    values[option.name] = value;
  }
  const count = positionals.length;
  if (spec.min !== undefined && count < spec.min) {
    const first = spec.args?.split(' ').find((w) => w !== '[--]')?.replace(/[[\]…]/g, '');
    return usage({ kind: 'missing-argument', name: first });
  }
  if (spec.max !== undefined && count > spec.max) return usage({ kind: 'unexpected-argument', given: positionals[spec.max]! });
  const choices = spec.completeArgs;
  if (Array.isArray(choices)) {
    const given = positionals.find((p) => !choices.includes(p));
    if (given !== undefined) return usage(notAChoice(given, choices));
  }
  return { kind: 'args', args: { values, positionals } };
}

function notAChoice(given: string, choices: readonly string[], option?: string): UsageProblem {
  return { kind: 'not-a-choice', given, choices, ...(option && { option }) };
}

function findOption(options: readonly OptionSpec[], flag: string): OptionSpec | undefined {
  if (flag.startsWith('--')) return options.find((o) => o.name === flag.slice(2));
  return flag.length === 2 ? options.find((o) => o.short === flag[1]) : undefined;
}
