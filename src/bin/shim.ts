#!/usr/bin/env node
// Entry point of the `uv` and `uvx` launchers in shims/:
//   node dist/bin/shim.js <uv|uvx> <launcher dir> [args…]
// Set up, run the pipeline, end the way uv ended. The shim's own failures are
// reported with their documented exit code; anything unexpected is 70.
import { exitCodeOfFailure, formatFailure, ShimError, type ShimFailure } from '../errors.js';
import { mirrorExit } from '../shim/exit.js';
import { runShim } from '../shim/run.js';

async function main(argv: string[]): Promise<void> {
  const [tool, shimDir, ...args] = argv;
  if (tool !== 'uv' && tool !== 'uvx') fail({ kind: 'launcher-broken', tool });
  try {
    const { result } = await runShim({ tool, args, shimDir: shimDir || undefined });
    mirrorExit(result);
  } catch (error) {
    if (error instanceof ShimError) fail(error.failure);
    fail({ kind: 'internal', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

// Says what went wrong and exits with its documented code.
function fail(failure: ShimFailure): never {
  process.stderr.write(formatFailure(failure));
  process.exit(exitCodeOfFailure(failure));
}

void main(process.argv.slice(2));
