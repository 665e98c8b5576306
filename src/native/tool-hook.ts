import type { Hook, RunContext } from '../hooks/types.js';
import { modelOf } from '../uv/model.js';
import { guardNativeFiles } from './guard-native.js';
import { binTargets } from './native-check.js';

// `uvx NAME` / `uv tool run NAME` with NAME installed as a uv tool: uv execs
// a file of the tool environment's bin/, often a Mach-O from a wheel
// (ruff, uv itself). A wheel's executable carrying quarantine or provenance
// is killed at exec even when notarized (web-researcher-mcp PR 179: `uvx`
// died of SIGKILL until `xattr -c`), and after the kill the program's work
// may have started. So before uv runs, the Mach-O files in that bin/ are
// checked (warm: a stat each and one store lookup; cold: their marks and
// every page of the slice this Mac runs) and repaired per policy, with the
// tool environment as an allowed tree (uv made it).
export async function checkToolExecutables(ctx: RunContext): Promise<void> {
  const model = await modelOf({ command: ctx.command, cwd: ctx.cwd, env: ctx.env });
  const tool = model.environments.find((e) => e.role === 'tool' && e.exists);
  if (!tool) return;
  const targets = binTargets(tool.path);
  ctx.log.debug(`tool executables: ${targets.map((t) => t.path).join(', ') || 'none'}`);
  if (targets.length === 0) return;
  await guardNativeFiles(ctx, tool.path, targets, { useCache: true, withInstallation: false });
}

export const toolExecutablesHook: Hook = {
  name: 'tool executables',
  required: false,
  preExec: checkToolExecutables,
};
