import type { Hook } from '../hooks/types.js';
import { shimCacheDir } from '../paths.js';
import { userLinkModeChoice } from './link-mode-choice.js';
import { uvMacosDefaultLinkMode } from './uv-link-default.js';

// linkMode "hardlink": uv links files from its cache instead of cloning
// them, so macOS's per-inode validation of a library is shared by every
// environment that uses it (uv issue 17371). It stands aside for the user's
// own choice, and for a uv that already hardlinks on macOS by default.
export const linkModeHook: Hook = {
  name: 'link mode',
  required: false,
  async preExec(ctx) {
    const choice = userLinkModeChoice(ctx.command, ctx.cwd, ctx.env);
    if (choice) {
      ctx.log.debug(`link mode: leaving uv's link mode alone (${choice})`);
      return;
    }
    if (uvMacosDefaultLinkMode(ctx.realUv, ctx.env, shimCacheDir(ctx.env, ctx.platform)) === 'hardlink') {
      ctx.log.debug(`link mode: ${ctx.realUv} already hardlinks on macOS by default; nothing to set`);
      return;
    }
    ctx.env.UV_LINK_MODE = 'hardlink';
    ctx.log.debug('link mode: UV_LINK_MODE=hardlink (linkMode "hardlink")');
  },
};
