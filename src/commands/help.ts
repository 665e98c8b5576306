import { ownPackage } from '../package-root.js';
import { didYouMean } from './did-you-mean.js';
import { COMMANDS } from './registry.js';
import type { ParsedArgs } from './spec.js';
import { commandHelp, mainHelp } from './usage.js';

// `uv-shim help [COMMAND]`: the same text as `--help`.
export async function run({ positionals: [name] }: ParsedArgs): Promise<number> {
  if (name === undefined) {
    process.stdout.write(mainHelp(ownPackage().version));
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    const near = didYouMean(name, Object.keys(COMMANDS));
    process.stderr.write(`uv-shim help: error: unknown command ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : '.'}\n\nRun \`uv-shim --help\` for the list of commands.\n`);
    return 2;
  }
  process.stdout.write(commandHelp(name));
  return 0;
}
