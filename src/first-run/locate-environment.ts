import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunContext } from '../hooks/types.js';
import { modelOf } from '../uv/model.js';

// The environment a command writes, from the one model of uv's project and
// environments, or undefined when the shim cannot tell (uv pip --system,
// environments in uv's cache, `uv tool upgrade --all`).
export async function environmentOf(ctx: Pick<RunContext, 'command' | 'cwd' | 'env'>): Promise<string | undefined> {
  const model = await modelOf({ command: ctx.command, cwd: ctx.cwd, env: ctx.env });
  return model.environments.find((e) => e.writes)?.path;
}

// Directories whose change means packages were added or removed: each
// lib/pythonX.Y/site-packages (lib64 is a link to lib in a venv), else the
// tree itself (a --target or --prefix directory).
export function packageDirs(environment: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(environment, 'lib'));
  } catch {
    return [environment];
  }
  const dirs = entries
    .filter((e) => e.startsWith('python'))
    .map((e) => join(environment, 'lib', e, 'site-packages'))
    .filter((d) => existsSync(d));
  return dirs.length > 0 ? dirs : [environment];
}
