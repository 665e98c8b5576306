import { ShimError } from '../errors.js';
import { ownPackage } from '../package-root.js';
import { didYouMean } from './did-you-mean.js';
import { COMMANDS } from './registry.js';
import type { ParsedArgs } from './spec.js';
import { commandHelp, mainHelp, usageFailure } from './usage.js';

// `uv-shim help [COMMAND]`: the same text as `--help`.
export async function run({ positionals: [name] }: ParsedArgs): Promise<number> {
  if (name === undefined) {
    process.stdout.write(mainHelp(ownPackage().version));
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    const near = didYouMean(name, Object.keys(COMMANDS));
    throw new ShimError(usageFailure('help', { kind: 'unknown-command', given: name, ...(near && { near }) }));
  }
  process.stdout.write(commandHelp(name));
  return 0;
}
