import type { RunContext } from '../hooks/types.js';
import { hasFlag } from '../uv/command.js';
import { writesEnvironment } from '../uv/writes-environment.js';
import { installsPythons } from '../guard/wants.js';

// The cheap, synchronous tests that decide whether the first-run hooks load
// at all: on Linux (without UV_SHIM_PLATFORM=darwin) none of them does.

// linkMode "hardlink" on macOS, and the user has not chosen a link mode on
// the command line or in UV_LINK_MODE (uv's config files are read later).
export function wantsLinkMode(ctx: RunContext): boolean {
  return (
    ctx.platform === 'darwin' &&
    ctx.config.linkMode === 'hardlink' &&
    !ctx.command.informational &&
    !ctx.env.UV_LINK_MODE &&
    !hasFlag(ctx.command, '--link-mode')
  );
}

// A command that writes an environment, or installs Pythons, on macOS.
export function wantsLibraryCount(ctx: RunContext): boolean {
  return ctx.platform === 'darwin' && (writesEnvironment(ctx.command) || installsPythons(ctx.command));
}

// The `timing` setting (UV_SHIM_TIMING=1), on any platform.
export function wantsTiming(ctx: RunContext): boolean {
  return ctx.config.timing;
}
