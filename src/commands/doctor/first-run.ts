import { listCounts } from '../../first-run/count-store.js';
import { uvMacosDefaultLinkMode } from '../../first-run/uv-link-default.js';
import { resolveRealUv } from '../../shim/resolve-uv.js';
import { userLinkModeChoice } from '../../first-run/link-mode-choice.js';
import { shimCacheDir } from '../../paths.js';
import { parseUvCommand } from '../../uv/command.js';
import { info, item, type DoctorContext, type Finding } from './finding.js';
import { shimDirsOnPath } from './shim-dirs.js';

const SHOWN = 10;

// uv's own default on macOS, as the real uv the shims run states it.
function uvMacosDefault(ctx: DoctorContext): string | null {
  try {
    const { path } = resolveRealUv({ name: 'uv', env: ctx.env, cwd: ctx.cwd, shimDirs: shimDirsOnPath(ctx.env, ctx.cwd) });
    return uvMacosDefaultLinkMode(path, ctx.env, shimCacheDir(ctx.env, ctx.platform));
  } catch {
    // No real uv: the Real uv section says so.
    return null;
  }
}

function linkMode(ctx: DoctorContext): Finding {
  const setting = ctx.loaded.config.linkMode;
  const uvDefault = uvMacosDefault(ctx);
  const data = { linkMode: setting, uvMacosDefault: uvDefault };
  const choice = userLinkModeChoice(parseUvCommand('uv', ['sync']), ctx.cwd, ctx.env);
  if (choice) return info(`link mode: the user's (${choice}); linkMode "${setting}" leaves it alone`, { ...data, userChoice: choice, effective: 'user' });
  if (uvDefault === 'hardlink') {
    return info(
      `link mode: uv already hardlinks on macOS by default (\`uv help sync\`), so libraries share macOS's validation with its cache; linkMode "${setting}" stands aside`,
      { ...data, effective: 'uv-default' },
    );
  }
  if (setting === 'hardlink' && ctx.platform === 'darwin') {
    return info('link mode: hardlink (linkMode "hardlink": the shim sets UV_LINK_MODE=hardlink for uv)', { ...data, effective: 'hardlink' });
  }
  if (setting === 'hardlink') {
    return info('link mode: uv\'s default here; linkMode "hardlink" applies on macOS only', { ...data, effective: 'uv-default' });
  }
  return info(
    `link mode: uv's default (${uvDefault ?? 'clone'} on macOS: every library a new inode to validate); set linkMode "hardlink" to share them with the cache`,
    { ...data, effective: 'uv-default' },
  );
}

// The link mode in effect here, and the last count of never-validated native
// libraries per environment (uv issue 17371).
export function findings(ctx: DoctorContext): Finding[] {
  const out = [linkMode(ctx)];
  const counts = listCounts(shimCacheDir(ctx.env, ctx.platform));
  if (counts.length === 0) {
    out.push(
      ctx.platform === 'darwin'
        ? info('no environment counted yet (counted after uv sync, uv add, uv pip install, …)', { counts: [] })
        : info('environments are counted on macOS only', { counts: [] }),
    );
    return out;
  }
  const threshold = ctx.loaded.config.newLibraryThreshold;
  out.push(info(`last counts (warning from ${threshold} new libraries):`, { newLibraryThreshold: threshold, environments: counts.length }));
  for (const c of counts.slice(0, SHOWN)) {
    const { inodes: _inodes, ...count } = c;
    out.push(item(`${c.environment}: ${c.nativeFiles} native, ${c.unshared} not shared with uv's cache, ${c.newUnshared} new (${c.countedAt})`, { count }));
  }
  if (counts.length > SHOWN) out.push(item(`… and ${counts.length - SHOWN} more`, { more: counts.length - SHOWN }));
  return out;
}
