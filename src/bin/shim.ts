#!/usr/bin/env node
// Entry point of the `uv` and `uvx` launchers in shims/:
//   node dist/bin/shim.js <uv|uvx> <launcher dir> [args…]
// Set up, run the pipeline, end the way uv ended. The shim's own failures are
// reported with their documented exit code; anything unexpected is 70.
import { mirrorExit } from '../shim/exit.js';
import { formatShimError, ShimError } from '../shim/errors.js';
import { runShim } from '../shim/run.js';

const INTERNAL_ERROR = 70;

async function main(argv: string[]): Promise<void> {
  const [tool, shimDir, ...args] = argv;
  if (tool !== 'uv' && tool !== 'uvx') {
    process.stderr.write(
      `uv-shim: error: the launcher passed an unknown tool ${JSON.stringify(tool)}.\n\nReinstall the shims with \`uv-shim install\`.\n`,
    );
    process.exit(2);
  }
  try {
    const { result } = await runShim({ tool, args, shimDir: shimDir || undefined });
    mirrorExit(result);
  } catch (error) {
    if (error instanceof ShimError) {
      process.stderr.write(formatShimError(error));
      process.exit(error.exitCode);
    }
    const detail = error instanceof Error ? error.stack : String(error);
    process.stderr.write(
      `uv-shim: internal error: ${detail}\n\nPlease report this. UV_SHIM_BYPASS=1 runs uv without the shim.\n`,
    );
    process.exit(INTERNAL_ERROR);
  }
}

void main(process.argv.slice(2));
