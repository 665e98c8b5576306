import { homedir } from 'node:os';
import { join } from 'node:path';
import { linkLauncher, refuseForeign, TOOLS } from './setup/launchers.js';
import { setupOptionsOrUsage } from './setup/options.js';
import { pathOrder } from './setup/path-order.js';
import { addProfileLine, profileFile, profileLine } from './setup/profile.js';

const USAGE = 'usage: uv-shim install [--dir DIR] [--shell bash|zsh|fish] [--profile]';

// `uv-shim install`: links DIR/uv and DIR/uvx to this package's launchers,
// then checks that DIR comes before the real uv on PATH. When it does not,
// prints the line for the shell's profile, or appends it with --profile.
// Safe to run again: links already in place are left as they are.
export async function run(argv: string[]): Promise<number> {
  const env = process.env;
  const options = setupOptionsOrUsage('install', USAGE, argv, env);
  if (options === 2) return 2;
  refuseForeign(options.dir);
  for (const tool of TOOLS) {
    const done = linkLauncher(options.dir, tool);
    process.stdout.write(`${done === 'unchanged' ? 'already installed' : done}: ${join(options.dir, tool)}\n`);
  }

  const order = pathOrder(options.dir, env, process.cwd());
  const line = profileLine(options.shell, options.dir);
  const file = profileFile(options.shell, env, env.HOME || homedir());
  if (order.state === 'first') {
    process.stdout.write(`PATH: ${options.dir} comes first; \`uv\` now runs through the shim${order.realUv ? ` (real uv: ${order.realUv})` : ''}.\n`);
  } else {
    const why = order.state === 'missing'
      ? `${options.dir} is not on PATH`
      : `${options.dir} comes after the real uv (${order.realUv}) on PATH`;
    process.stdout.write(`PATH: ${why}.\n`);
  }
  if (options.profile) {
    const wrote = addProfileLine(file, line);
    process.stdout.write(`${wrote ? 'added to' : 'already in'} ${file}:\n  ${line}\nOpen a new shell (or source ${file}) for it to apply.\n`);
  } else if (order.state !== 'first') {
    process.stdout.write(`Add this line to ${file} (or rerun with --profile to do it):\n  ${line}\n`);
  }
  if (!order.realUv) {
    process.stdout.write('No real uv found on PATH yet: install uv (https://docs.astral.sh/uv/) or set UV_SHIM_REAL_UV.\n');
  }
  return 0;
}
