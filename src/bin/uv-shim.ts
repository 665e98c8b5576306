#!/usr/bin/env node
// The `uv-shim` command: install the shims, inspect binaries, check and
// repair interpreters, and explain what the shim would do. The launcher
// (shims/uv-shim) runs the bundle of this file, dist/cli/uv-shim.cjs.
import { parseCommandArgs } from '../commands/args.js';
import { didYouMean } from '../commands/did-you-mean.js';
import { COMMAND_MODULES } from '../commands/load.js';
import { COMMANDS } from '../commands/registry.js';
import { commandHelp, mainHelp, usageLine } from '../commands/usage.js';
import { exitCodeOfFailure, formatFailure, type ShimFailure } from '../errors.js';
import { ownPackage } from '../package-root.js';

// A usage error: what was wrong, the usage line, where to read more; exit 2.
function usageError(name: string | undefined, problem: string, hint?: string): number {
  const usage = name ? `Usage: ${usageLine(name)}` : 'Usage: uv-shim COMMAND [OPTIONS]';
  const more = name ? `Run \`uv-shim help ${name}\` for more.` : 'Run `uv-shim --help` for the list of commands.';
  const failure: ShimFailure = { kind: 'usage', command: name, problem, hint, usage, more };
  process.stderr.write(formatFailure(failure));
  return exitCodeOfFailure(failure);
}

// A function, not top-level await: the bundle is CommonJS.
async function main([name, ...rest]: string[]): Promise<number> {
  if (name === undefined) {
    process.stdout.write(mainHelp(ownPackage().version));
    return 2;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(mainHelp(ownPackage().version));
    return 0;
  }
  if (name === '--version' || name === '-V') name = 'version';
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) {
    const near = didYouMean(name, Object.keys(COMMANDS));
    return usageError(undefined, `unknown command ${JSON.stringify(name)}`, near && `did you mean \`uv-shim ${near}\`?`);
  }
  const parsed = parseCommandArgs(spec, rest);
  if (parsed.kind === 'help') {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  if (parsed.kind === 'usage') return usageError(name, parsed.problem, parsed.hint);
  try {
    return await (await COMMAND_MODULES[name]!()).run(parsed.args);
  } catch (error) {
    process.stderr.write(`uv-shim ${name}: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
