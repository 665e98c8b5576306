import { describeUnsafe, formatNotice, formatProblem, trustCommand } from '../../config/format-problem.js';
import type { ConfigFileReport } from '../../config/types.js';
import { userConfigDir } from '../../paths.js';
import { info, warning, type DoctorContext, type Finding } from './finding.js';

// One config file, whether it is read and how far it is trusted.
function fileFinding(r: ConfigFileReport): Finding {
  const data = { file: r.path, scope: r.scope, status: r.status, trust: r.trust, skipped: r.skipped };
  if (r.status === 'refused' && r.refused) return warning(`file: ${r.path}: never read: ${describeUnsafe(r.refused)}`, { ...data, refused: r.refused });
  const trust = {
    user: 'your user config',
    trusted: 'trusted',
    'trusted-by-setting': 'trusted by trustProjectConfig',
    untrusted: `not trusted (${trustCommand(r.path)})`,
    changed: `changed since trusted (${trustCommand(r.path)})`,
    'not-needed': 'sets nothing that needs trust',
  }[r.trust];
  return info(`file: ${r.path}: ${r.scope}, ${trust}${r.status === 'unreadable' ? ', cannot be read' : ''}`, data);
}

// Which config files apply here, their trust, their problems, and the settings that result.
export function findings(ctx: DoctorContext): Finding[] {
  const { reports, problems, notices, config } = ctx.loaded;
  const userDir = userConfigDir(ctx.env);
  const out: Finding[] = reports.length
    ? reports.map(fileFinding)
    : [
        info(`no config file (looked in ${ctx.cwd} and its parents, and ${userDir ?? 'no user config directory: HOME is empty or relative'})`, {
          file: null,
          userConfigDir: userDir ?? null,
        }),
      ];
  const fromEnv = Object.fromEntries(
    Object.keys(ctx.env)
      .filter((k) => k.startsWith('UV_SHIM_'))
      .sort()
      .map((k) => [k, ctx.env[k]]),
  );
  const names = Object.keys(fromEnv);
  if (names.length) out.push(info(`environment: ${names.map((k) => `${k}=${fromEnv[k]}`).join(' ')}`, { environment: fromEnv }));
  for (const problem of problems) out.push(warning(formatProblem(problem), { problem }));
  for (const notice of notices) if (notice.kind === 'untrusted') out.push(warning(formatNotice(notice), { notice }));
  // Hooks have their own section.
  const settings = { ...config, hooks: undefined };
  out.push(info(`settings: ${JSON.stringify(settings)}`, { settings }));
  return out;
}
