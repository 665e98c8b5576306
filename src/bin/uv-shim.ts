#!/usr/bin/env node
// The `uv-shim` command: install the shims, inspect binaries, check and
// repair interpreters, and explain what the shim would do. The launcher
// (shims/uv-shim) runs the bundle of this file, dist/cli/uv-shim.cjs.
import { COMMANDS } from '../commands/registry.js';
import { ownPackage } from '../package-root.js';

function help(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  const lines = Object.values(COMMANDS).map((c) => `  uv-shim ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    `uv-shim ${ownPackage().version}: a transparent uv/uvx wrapper that checks and repairs the Pythons uv runs.`,
    '',
    'Usage:',
    ...lines,
    '  uv-shim --version',
    '  uv-shim --help',
    '',
    'Once installed, run `uv` and `uvx` as usual. See README.md for configuration.',
    '',
  ].join('\n');
}

// A function, not top-level await: the bundle is CommonJS.
async function main([name, ...rest]: string[]): Promise<void> {
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    process.exit(name === undefined ? 2 : 0);
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`uv-shim ${ownPackage().version}\n`);
    process.exit(0);
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`uv-shim: error: unknown command ${JSON.stringify(name)}.\n\n${help()}`);
    process.exit(2);
  }
  try {
    const command = await entry.load();
    process.exitCode = await command.run(rest);
  } catch (error) {
    process.stderr.write(`uv-shim ${name}: error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
