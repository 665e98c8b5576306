import { describeUnsafe, formatNotice, formatProblem, trustCommand } from '../../config/format-problem.js';
import { loadConfig } from '../../config/load.js';
import type { ConfigFileReport } from '../../config/types.js';
import { userConfigDir } from '../../paths.js';
import { WARNING, type DoctorContext } from '../doctor-sections.js';

// One config file, whether it is read and how far it is trusted.
function fileLine(r: ConfigFileReport): string {
  if (r.status === 'refused' && r.refused) return `${WARNING}file: ${r.path}: never read: ${describeUnsafe(r.refused)}`;
  const trust = {
    user: 'your user config',
    trusted: 'trusted',
    'trusted-by-setting': 'trusted by trustProjectConfig',
    untrusted: `not trusted (${trustCommand(r.path)})`,
    changed: `changed since trusted (${trustCommand(r.path)})`,
    'not-needed': 'sets nothing that needs trust',
  }[r.trust];
  return `file: ${r.path}: ${r.scope}, ${trust}${r.status === 'unreadable' ? ', cannot be read' : ''}`;
}

// Which config files apply here, their trust, their problems, and the settings that result.
export async function lines(ctx: DoctorContext): Promise<string[]> {
  const loaded = await loadConfig(ctx.cwd, ctx.env);
  const out = loaded.reports.length
    ? loaded.reports.map(fileLine)
    : [`no config file (looked in ${ctx.cwd} and its parents, and ${userConfigDir(ctx.env) ?? 'no user config directory: HOME is empty or relative'})`];
  const fromEnv = Object.keys(ctx.env).filter((k) => k.startsWith('UV_SHIM_')).sort();
  if (fromEnv.length) out.push(`environment: ${fromEnv.map((k) => `${k}=${ctx.env[k]}`).join(' ')}`);
  for (const p of loaded.problems) out.push(`${WARNING}${formatProblem(p)}`);
  for (const n of loaded.notices) if (n.kind === 'untrusted') out.push(`${WARNING}${formatNotice(n)}`);
  // Hooks have their own section.
  out.push(`settings: ${JSON.stringify({ ...loaded.config, hooks: undefined })}`);
  return out;
}
