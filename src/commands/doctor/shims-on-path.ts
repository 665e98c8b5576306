import { realOrSelf } from '../../common/fs.js';
import { info, warning, type DoctorContext, type Finding } from './finding.js';
import { uvOnPath } from './shim-dirs.js';

// Where the shims are, and whether PATH puts one before the real uv.
export function findings(ctx: DoctorContext): Finding[] {
  const found = uvOnPath(ctx.env, ctx.cwd);
  if (found.length === 0) return [warning('no `uv` on PATH at all. Run `uv-shim install` and install uv.', { onPath: [] })];
  const out = found.map((u, i) =>
    info(`${i + 1}. ${u.path}${u.shim ? `  (uv-shim launcher → ${realOrSelf(u.path)})` : '  (real uv)'}`, {
      path: u.path,
      shim: u.shim,
      position: i + 1,
    }),
  );
  const first = found[0]!;
  if (first.shim) out.push(info('`uv` runs through the shim.', { throughShim: true }));
  else if (found.some((u) => u.shim)) {
    out.push(
      warning(
        'the real uv comes first on PATH, so `uv` does not go through the shim. Put the shim directory earlier (`uv-shim install` prints the line).',
        { throughShim: false, problem: 'real-uv-first' },
      ),
    );
  } else out.push(warning('no uv-shim launcher on PATH. Run `uv-shim install`.', { throughShim: false, problem: 'no-launcher' }));
  return out;
}
