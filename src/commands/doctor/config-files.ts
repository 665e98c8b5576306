import { formatProblem } from '../../config/format-problem.js';
import { loadConfig } from '../../config/load.js';
import { userConfigDir } from '../../paths.js';
import { WARNING, type DoctorContext } from '../doctor-sections.js';

// Which config files apply here, their problems, and the settings that result.
export async function lines(ctx: DoctorContext): Promise<string[]> {
  const loaded = await loadConfig(ctx.cwd, ctx.env);
  const out = loaded.files.length
    ? loaded.files.map((f) => `file: ${f}`)
    : [`no config file (looked in ${ctx.cwd} and its parents, and ${userConfigDir(ctx.env)})`];
  const fromEnv = Object.keys(ctx.env).filter((k) => k.startsWith('UV_SHIM_')).sort();
  if (fromEnv.length) out.push(`environment: ${fromEnv.map((k) => `${k}=${ctx.env[k]}`).join(' ')}`);
  for (const p of loaded.problems) out.push(`${WARNING}${formatProblem(p)}`);
  // Hooks have their own section.
  out.push(`settings: ${JSON.stringify({ ...loaded.config, hooks: undefined })}`);
  return out;
}
