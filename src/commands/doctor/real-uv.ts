import { spawnSync } from 'node:child_process';
import { ShimError } from '../../errors.js';
import { describeFailure } from '../../failure-text.js';
import { resolveRealUv } from '../../shim/resolve-uv.js';
import { info, item, warning, type DoctorContext, type Finding } from './finding.js';
import { shimDirsOnPath } from './shim-dirs.js';

// `uv 0.9.2 (…)` → `0.9.2`.
function versionOf(stdout: string): string | null {
  return /^uv(?:x)? (\S+)/.exec(stdout.trim())?.[1] ?? null;
}

// Which uv and uvx the shims would run, their versions, and what was skipped.
export function findings(ctx: DoctorContext): Finding[] {
  const out: Finding[] = [];
  const override = ctx.env.UV_SHIM_REAL_UV;
  if (override) out.push(info(`UV_SHIM_REAL_UV=${override}`, { UV_SHIM_REAL_UV: override }));
  const shimDirs = shimDirsOnPath(ctx.env, ctx.cwd);
  for (const tool of ['uv', 'uvx'] as const) {
    let r;
    try {
      r = resolveRealUv({ name: tool, env: ctx.env, cwd: ctx.cwd, shimDirs });
    } catch (error) {
      if (!(error instanceof ShimError)) throw error;
      const what = error.failure.kind === 'uv-not-found' ? 'not found' : `error ${error.exitCode}`;
      out.push(warning(`${tool}: ${what}: ${describeFailure(error.failure).happened}`, { tool, failure: error.failure }));
      continue;
    }
    const asUv = r.prefix.length ? ` (as \`uv ${r.prefix.join(' ')}\`)` : '';
    const ran = spawnSync(r.path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    const data = { tool, path: r.path, prefix: r.prefix, version: ran.status === 0 ? versionOf(ran.stdout) : null };
    if (ran.status === 0) out.push(info(`${tool}: ${r.path}${asUv}  ${ran.stdout.trim()}`, data));
    else out.push(warning(`${tool}: ${r.path}${asUv}  \`${tool} --version\` failed`, data));
    for (const s of r.skipped) out.push(item(`skipped ${s.path}: ${s.reason}`, { tool, skipped: s.path, reason: s.reason }));
  }
  return out;
}
