#!/usr/bin/env node
// Entry point of the `uv` and `uvx` launchers in shims/:
//   node dist/bin/shim.js <uv|uvx> <launcher dir> [args…]
import { mirrorExit } from '../shim/exit.js';
import { formatShimError, ShimError } from '../shim/errors.js';
import { runShim } from '../shim/run.js';

const [tool, shimDir, ...args] = process.argv.slice(2);

if (tool !== 'uv' && tool !== 'uvx') {
  process.stderr.write(`uv-shim: error: launcher passed an unknown tool ${JSON.stringify(tool)}\n\nReinstall the shims with \`uv-shim install\`.\n`);
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
  process.stderr.write(`uv-shim: internal error: ${error instanceof Error ? error.stack : String(error)}\n\nPlease report this. UV_SHIM_BYPASS=1 runs uv without the shim.\n`);
  process.exit(70);
}
