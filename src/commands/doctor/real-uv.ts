import { spawnSync } from 'node:child_process';
import { describeFailure, ShimError } from '../../errors.js';
import { resolveRealUv } from '../../shim/resolve-uv.js';
import { WARNING, type DoctorContext } from '../doctor-sections.js';
import { shimDirsOnPath } from './shim-dirs.js';

// Which uv and uvx the shims would run, their versions, and what was skipped.
export function lines(ctx: DoctorContext): string[] {
  const out: string[] = [];
  if (ctx.env.UV_SHIM_REAL_UV) out.push(`UV_SHIM_REAL_UV=${ctx.env.UV_SHIM_REAL_UV}`);
  const shimDirs = shimDirsOnPath(ctx.env, ctx.cwd);
  for (const name of ['uv', 'uvx'] as const) {
    try {
      const r = resolveRealUv({ name, env: ctx.env, cwd: ctx.cwd, shimDirs });
      const version = spawnSync(r.path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
      const shown = version.status === 0 ? version.stdout.trim() : `${WARNING}\`${name} --version\` failed`;
      out.push(`${name}: ${r.path}${r.prefix.length ? ` (as \`uv ${r.prefix.join(' ')}\`)` : ''}  ${shown}`);
      for (const s of r.skipped) out.push(`  skipped ${s.path}: ${s.reason}`);
    } catch (error) {
      if (!(error instanceof ShimError)) throw error;
      const what = error.failure.kind === 'uv-not-found' ? 'not found' : `error ${error.exitCode}`;
      out.push(`${WARNING}${name}: ${what}: ${describeFailure(error.failure).happened}`);
    }
  }
  return out;
}
