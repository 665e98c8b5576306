import type { ShimConfig } from '../config/types.js';
import { uvPythonInstallDir } from '../paths.js';
import type { Platform } from '../platform.js';
import { isInside, realpathOrNull } from './installation.js';
import type { Candidate } from './types.js';

// Trees the shim never rewrites, whatever the user answers: Apple's and
// package managers' files are signed by their owners, and an ad-hoc
// re-sign would replace a real signature.
const PROTECTED = ['/System', '/usr', '/bin', '/sbin', '/Library', '/Applications', '/opt/homebrew', '/nix'];

// Allowed (and whether to ask first), or refused with why and what to do.
export type RepairPermission =
  | { allowed: true; how: 'auto' | 'prompt'; root: string }
  | { allowed: false; why: string; hint: string };

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
  if (platform !== 'darwin') {
    return { allowed: false, why: 'only macOS interpreters can be repaired', hint: 'Nothing to do on this system.' };
  }
  const real = realpathOrNull(candidate.file);
  if (!real) return { allowed: false, why: 'it no longer exists', hint: 'Run the command again.' };
  if (config.repair === 'off' && !options.explicit) {
    return { allowed: false, why: 'repairs are off (repair = "off")', hint: `Run \`uv-shim repair ${real}\` to repair it by hand.` };
  }
  const root = allowedRoots(config, env).find((r) => isInside(real, r));
  if (root) {
    const how = config.repair === 'prompt' && !options.explicit ? 'prompt' : 'auto';
    if (how === 'prompt' && !options.interactive) {
      return { allowed: false, why: 'repair = "prompt" and there is no terminal to ask on', hint: `Run \`uv-shim repair ${real}\`.` };
    }
    return { allowed: true, how, root };
  }
  const hint = `If you trust this interpreter, add its directory to "repairAllow" in the uv-shim config, or run \`codesign --force --sign - ${real}\` yourself.`;
  if (PROTECTED.some((p) => isInside(real, p))) {
    return { allowed: false, why: `${real} is a system or package-manager file`, hint: 'uv-shim never re-signs files it does not own.' };
  }
  if (!options.interactive) {
    return { allowed: false, why: `${real} lies outside uv's managed Python dir and the repairAllow trees`, hint };
  }
  return { allowed: true, how: 'prompt', root: real };
}
