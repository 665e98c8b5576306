#!/usr/bin/env node
// The `uv-shim` command: install the shims, inspect binaries, check and
// repair interpreters, and explain what the shim would do. The launcher
// (shims/uv-shim) runs the bundle of this file, dist/cli/uv-shim.cjs.
// A command's own failures are thrown as a ShimError and reported here with
// their documented exit code; a file operation the system refused (a Node
// system error: EACCES, EROFS, ENOSPC, …) is the machine's doing and says
// so; anything else is unexpected, a bug, and exits 70, as for `uv`.
import { parseCommandArgs } from '../commands/args.js';
import { didYouMean } from '../commands/did-you-mean.js';
import { COMMAND_MODULES } from '../commands/load.js';
import { COMMANDS } from '../commands/registry.js';
import { commandHelp, mainHelp, usageFailure } from '../commands/usage.js';
import { exitCodeOfFailure, ShimError, type ShimFailure } from '../errors.js';
import { formatFailure } from '../failure-text.js';
import { ownPackage } from '../package-root.js';

// Says what went wrong; returns its documented exit code.
function report(failure: ShimFailure): number {
  process.stderr.write(formatFailure(failure));
  return exitCodeOfFailure(failure);
}

// An error from a system call, with its errno code (fs.mkdirSync's EACCES).
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

// Runs `uv-shim NAME …`: help, parsing, then the command's module.
async function dispatch([name, ...rest]: string[]): Promise<number> {
  if (name === undefined) {
    process.stdout.write(mainHelp(ownPackage().version));
    return 2;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(mainHelp(ownPackage().version));
    return 0;
  }
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) {
    const near = didYouMean(name, Object.keys(COMMANDS));
    return report(usageFailure(undefined, { kind: 'unknown-command', given: name, ...(near && { near }) }));
  }
  const parsed = parseCommandArgs(spec, rest);
  if (parsed.kind === 'help') {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  if (parsed.kind === 'usage') return report(usageFailure(name, parsed.problem));
  return (await COMMAND_MODULES[name]!()).run(parsed.args);
}

// A function, not top-level await: the bundle is CommonJS.
async function main(argv: string[]): Promise<number> {
  const name = argv[0] === '--version' || argv[0] === '-V' ? 'version' : argv[0];
  try {
    return await dispatch(name === undefined ? argv : [name, ...argv.slice(1)]);
  } catch (error) {
    const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
    if (error instanceof ShimError) return report(error.failure);
    if (command && isSystemError(error)) return report({ kind: 'system-refused', command, errno: error.code, reason: error.message });
    return report({ kind: 'internal', ...(command && { command }), detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
