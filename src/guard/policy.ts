import type { ShimConfig } from '../config/types.js';
import { uvPythonInstallDir } from '../paths.js';
import type { Platform } from '../platform.js';
import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { ancestors, realpathOrNull } from '../common/fs.js';
import { currentPrincipal, distrust } from '../common/ownership.js';
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

// Another user's file, or a directory of theirs on the way to it from the
// tree it lies in (`top`): root (or user A) re-signing it would change
// files that are theirs to change, and they could swap them meanwhile.
// Root's files are anyone's to use; writability is judged on the opened
// file's directory, later (repair.ts).
export function foreignOwner(real: string, top: string): SkipReason | null {
  const me = currentPrincipal();
  if (!me) return null;
  for (const path of ancestors(real)) {
    const st = lstatSync(path, { throwIfNoEntry: false });
    const why = st && distrust(path, st, me);
    if (why?.kind === 'owner') return { kind: 'foreign-owner', path, uid: why.uid };
    if (path === top || path === dirname(path)) break;
  }
  return null;
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
  const foreign = foreignOwner(real, root ?? dirname(real));
  if (foreign) return { allowed: false, reason: foreign };
  if (root) {
    const how = config.repair === 'prompt' && !options.explicit ? 'prompt' : 'auto';
    if (how === 'prompt' && !options.interactive) return { allowed: false, reason: { kind: 'no-terminal' } };
    return { allowed: true, how, root };
  }
  if (!options.interactive) return { allowed: false, reason: { kind: 'outside-allowed' } };
  return { allowed: true, how: 'prompt', root: real };
}
