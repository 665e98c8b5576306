import type { DoctorContext } from '../commands/doctor-sections.js';
import { loadConfig } from '../config/load.js';
import { shimCacheDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import { parseUvCommand } from '../uv/command.js';
import { listCounts } from './count-store.js';
import { userLinkModeChoice } from './link-mode-choice.js';

const SHOWN = 10;

function linkModeLine(ctx: DoctorContext, setting: string, darwin: boolean): string {
  const choice = userLinkModeChoice(parseUvCommand('uv', ['sync']), ctx.cwd, ctx.env);
  if (choice) return `link mode: the user's (${choice}); linkMode "${setting}" leaves it alone`;
  if (setting === 'hardlink' && darwin) return 'link mode: hardlink (linkMode "hardlink": the shim sets UV_LINK_MODE=hardlink for uv)';
  if (setting === 'hardlink') return 'link mode: uv\'s default here; linkMode "hardlink" applies on macOS only';
  return 'link mode: uv\'s default (clone on macOS: every library a new inode to validate); set linkMode "hardlink" to share them with the cache';
}

// The link mode in effect here, and the last count of never-validated native
// libraries per environment (uv issue 17371).
export async function lines(ctx: DoctorContext): Promise<string[]> {
  const platform = currentPlatform(ctx.env);
  const { config } = await loadConfig(ctx.cwd, ctx.env);
  const out = [linkModeLine(ctx, config.linkMode, platform === 'darwin')];
  const counts = listCounts(shimCacheDir(ctx.env, platform));
  if (counts.length === 0) {
    out.push(
      platform === 'darwin'
        ? 'no environment counted yet (counted after uv sync, uv add, uv pip install, …)'
        : 'environments are counted on macOS only',
    );
    return out;
  }
  out.push(`last counts (warning from ${config.newLibraryThreshold} new libraries):`);
  for (const c of counts.slice(0, SHOWN)) {
    out.push(`  ${c.environment}: ${c.nativeFiles} native, ${c.unshared} not shared with uv's cache, ${c.newUnshared} new (${c.countedAt})`);
  }
  if (counts.length > SHOWN) out.push(`  … and ${counts.length - SHOWN} more`);
  return out;
}
