import { BUILTIN_HOOKS } from '../../shim/builtin-hooks.js';
import { info, type DoctorContext, type Finding } from './finding.js';

// The built-in hooks in the order they run, then the user's command hooks.
export function findings(ctx: DoctorContext): Finding[] {
  const { hooks } = ctx.loaded.config;
  const builtin = BUILTIN_HOOKS.map((h) => h.name);
  const out = [info(`built-in: ${builtin.join(', ') || '(none)'}`, { builtin })];
  for (const phase of ['preExec', 'postExit'] as const) {
    for (const h of hooks[phase]) {
      const run = typeof h.run === 'string' ? h.run : JSON.stringify(h.run);
      out.push(info(`${phase}: ${h.name}${h.required ? ' (required)' : ''}: ${run}, timeout ${h.timeoutMs} ms`, { phase, hook: h }));
    }
  }
  if (hooks.preExec.length + hooks.postExit.length === 0) out.push(info('no user hooks configured', { userHooks: 0 }));
  return out;
}
