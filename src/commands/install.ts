import { join } from 'node:path';
import { userHome } from '../paths.js';
import { linkLauncher, refuseForeign, TOOLS } from './setup/launchers.js';
import type { ParsedArgs } from './spec.js';
import { setupOptions } from './setup/options.js';
import { pathOrder } from './setup/path-order.js';
import { addProfileLine, nowLine, profileFile, profileLine } from './setup/profile.js';

// `uv-shim install`: links DIR/uv and DIR/uvx to this package's launchers,
// then checks that DIR comes before the real uv on PATH. When it does not,
// prints the line for the shell's profile, or appends it with --profile.
// Safe to run again: links already in place are left as they are.
export async function run(args: ParsedArgs): Promise<number> {
  const env = process.env;
  const options = setupOptions(args, env);
  refuseForeign(options.dir);
  for (const tool of TOOLS) {
    const done = linkLauncher(options.dir, tool);
    process.stdout.write(`${done === 'unchanged' ? 'already installed' : done}: ${join(options.dir, tool)}\n`);
  }

  const order = pathOrder(options.dir, env, process.cwd());
  const line = profileLine(options.shell, options.dir);
  const file = profileFile(options.shell, env, userHome(env));
  const out: string[] = [];
  if (order.state === 'first') {
    out.push(`PATH: ${options.dir} comes first; \`uv\` now runs through the shim${order.realUv ? ` (real uv: ${order.realUv})` : ''}.`);
  } else {
    out.push(`PATH: ${order.state === 'missing' ? `${options.dir} is not on PATH` : `${options.dir} comes after the real uv (${order.realUv}) on PATH`}.`);
  }
  if (options.profile) {
    const wrote = addProfileLine(file, line);
    out.push(`${wrote ? 'Added to' : 'Already in'} ${file}:`, `  ${line}`);
  }
  if (!order.realUv) {
    out.push(
      'No real uv was found on PATH. Install it, then run `uv` again:',
      '  curl -LsSf https://astral.sh/uv/install.sh | sh     (or: brew install uv, pipx install uv; https://docs.astral.sh/uv/)',
      'or point the shim at one: export UV_SHIM_REAL_UV=/path/to/uv',
    );
  }
  if (order.state !== 'first') {
    const now = nowLine(options.shell, options.dir);
    if (options.profile) out.push(`Next: open a new shell, or run this in the current one:`, `  ${now}`);
    else out.push(`Next: add this line to ${file} (or rerun with --profile to do it):`, `  ${line}`, 'then open a new shell, or run this in the current one:', `  ${now}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
