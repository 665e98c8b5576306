import { loadConfig } from '../../config/load.js';
import { BUILTIN_HOOKS } from '../../hooks/builtin.js';
import type { DoctorContext } from '../doctor-sections.js';

// The built-in hooks in the order they run, then the user's command hooks.
export async function lines(ctx: DoctorContext): Promise<string[]> {
  const { config } = await loadConfig(ctx.cwd, ctx.env);
  const out = [`built-in: ${BUILTIN_HOOKS.map((h) => h.name).join(', ') || '(none)'}`];
  for (const phase of ['preExec', 'postExit'] as const) {
    for (const h of config.hooks[phase]) {
      const run = typeof h.run === 'string' ? h.run : JSON.stringify(h.run);
      out.push(`${phase}: ${h.name}${h.required ? ' (required)' : ''}: ${run}, timeout ${h.timeoutMs} ms`);
    }
  }
  if (config.hooks.preExec.length + config.hooks.postExit.length === 0) out.push('no user hooks configured');
  return out;
}
