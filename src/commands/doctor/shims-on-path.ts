import { WARNING, type DoctorContext } from '../doctor-sections.js';
import { realOrSelf, uvOnPath } from './shim-dirs.js';

// Where the shims are, and whether PATH puts one before the real uv.
export function lines(ctx: DoctorContext): string[] {
  const found = uvOnPath(ctx.env, ctx.cwd);
  if (found.length === 0) return [`${WARNING}no \`uv\` on PATH at all. Run \`uv-shim install\` and install uv.`];
  const out = found.map((u, i) => `${i + 1}. ${u.path}${u.shim ? `  (uv-shim launcher → ${realOrSelf(u.path)})` : '  (real uv)'}`);
  const first = found[0]!;
  if (!first.shim) {
    out.push(
      found.some((u) => u.shim)
        ? `${WARNING}the real uv comes first on PATH, so \`uv\` does not go through the shim. Put the shim directory earlier (\`uv-shim install\` prints the line).`
        : `${WARNING}no uv-shim launcher on PATH. Run \`uv-shim install\`.`,
    );
  } else {
    out.push('`uv` runs through the shim.');
  }
  return out;
}
