import type { RunContext } from '../hooks/types.js';
import { isSubcommand } from '../uv/command.js';

// Cheap and synchronous: whether the command runs a tool's executable
// (`uvx NAME`, `uv tool run NAME`) on macOS, with the guard on.
export function wantsToolCheck(ctx: RunContext): boolean {
  return ctx.platform === 'darwin' && ctx.config.guard && !ctx.command.informational && isSubcommand(ctx.command, 'tool', 'run');
}
