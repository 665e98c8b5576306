import type { ShimConfig } from '../config/types.js';
import { uvPythonInstallDir } from '../paths.js';
import type { Platform } from '../platform.js';
import { realpathOrNull } from '../common/fs.js';
import { isInside } from './installation.js';
import type { SkipReason } from './repair-outcome.js';
import type { Candidate } from './types.js';

// Trees the shim never rewrites, whatever the allowed roots say (even
// UV_PYTHON_INSTALL_DIR=/) and whatever the user answers. Apple's System
// Integrity Protection covers /System, /usr (but not /usr/local), /bin and
// /sbin ("About System Integrity Protection on your Mac", Apple support
// HT204899); /usr/local, /opt/homebrew and /nix belong to package managers,
// /Library and /Applications to installers. Their files are signed by their
// owners, and an ad-hoc re-sign would replace a real signature.
export const PROTECTED_TREES = ['/System', '/usr', '/bin', '/sbin', '/Library', '/Applications', '/opt/homebrew', '/nix'];

// The protected tree a real path lies in, if any.
export function protectedTree(real: string): string | null {
  return PROTECTED_TREES.find((p) => isInside(real, p)) ?? null;
}

// Allowed (and whether to ask first), or refused with why.
export type RepairPermission =
  | { allowed: true; how: 'auto' | 'prompt'; root: string }
  | { allowed: false; reason: SkipReason };

// Real paths of the trees where repairs may happen: uv's managed Python dir
// and the user's repairAllow entries (missing ones are skipped).
export function allowedRoots(config: ShimConfig, env: NodeJS.ProcessEnv): string[] {
  return [uvPythonInstallDir(env), ...config.repairAllow].map(realpathOrNull).filter((p): p is string => p !== null);
}

// Decides whether this file may be rewritten, and how. The file's real path
// is resolved again here (a link may have changed since it was found) and
// containment is checked on that: a link inside an allowed tree pointing at
// /usr/bin/python3 is judged by /usr/bin/python3.
export function repairPermission(
  candidate: Candidate,
  config: ShimConfig,
  env: NodeJS.ProcessEnv,
  platform: Platform,
  options: { interactive: boolean; explicit?: boolean },
): RepairPermission {
  if (platform !== 'darwin') return { allowed: false, reason: { kind: 'not-macos' } };
  const real = realpathOrNull(candidate.file);
  if (!real) return { allowed: false, reason: { kind: 'gone' } };
  const tree = protectedTree(real);
  if (tree) return { allowed: false, reason: { kind: 'protected', tree } };
  if (config.repair === 'off' && !options.explicit) return { allowed: false, reason: { kind: 'repairs-off' } };
  const root = allowedRoots(config, env).find((r) => isInside(real, r));
  if (root) {
    const how = config.repair === 'prompt' && !options.explicit ? 'prompt' : 'auto';
    if (how === 'prompt' && !options.interactive) return { allowed: false, reason: { kind: 'no-terminal' } };
    return { allowed: true, how, root };
  }
  if (!options.interactive) return { allowed: false, reason: { kind: 'outside-allowed' } };
  return { allowed: true, how: 'prompt', root: real };
}
