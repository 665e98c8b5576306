import { formatNotice, formatProblem } from '../config/format-problem.js';
import { loadConfig } from '../config/load.js';
import type { RunContext } from '../hooks/types.js';
import { createLogger } from '../log.js';
import { currentPlatform } from '../platform.js';
import { parseUvCommand } from '../uv/command.js';
import { HookState } from '../hooks/state.js';

// For `uv-shim check` and `repair`: the context the guard would see for
// `uv run [--python REQ]` in the current directory, with the user's config.
// Config problems are told on stderr and the defaults kept, as in the shim.
export async function contextForDirectory(python: string | undefined, env = process.env, cwd = process.cwd()): Promise<RunContext> {
  const args = ['run', ...(python ? ['--python', python] : [])];
  const loaded = await loadConfig(cwd, env);
  const log = createLogger(loaded.config.log);
  for (const problem of loaded.problems) log.warn(`ignoring invalid configuration: ${formatProblem(problem)}`);
  for (const notice of loaded.notices) log.warn(formatNotice(notice));
  return {
    tool: 'uv', args, command: parseUvCommand('uv', args), realUv: '', env, cwd,
    platform: currentPlatform(env), config: loaded.config, log, shared: new HookState(), attempt: 1,
  };
}
