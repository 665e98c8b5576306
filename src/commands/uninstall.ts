import { lstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { currentPrincipal, distrust } from '../common/ownership.js';
import { shellQuote } from '../common/shell-quote.js';
import { shimCacheDir, userHome } from '../paths.js';
import { distrustText } from '../state-file.js';
import { currentPlatform } from '../platform.js';
import type { ParsedArgs } from './spec.js';
import { TOOLS, unlinkLauncher } from './setup/launchers.js';
import { setupOptions, SHELLS } from './setup/options.js';
import { profileFile, removeProfileLines } from './setup/profile.js';

// `uv-shim uninstall`: removes DIR/uv, DIR/uvx and DIR/uv-shim when they are
// uv-shim launchers (never anything else), every profile line install added
// in each shell's file, whichever shell it was added for, and the profile
// files install created once they are empty. --purge also removes the
// state directory; config files stay (they are the user's).
export async function run(args: ParsedArgs): Promise<number> {
  const env = process.env;
  const options = setupOptions(args, env);
  let status = 0;
  for (const tool of TOOLS) {
    const path = join(options.dir, tool);
    const done = unlinkLauncher(options.dir, tool);
    if (done === 'kept') {
      process.stderr.write(`uv-shim uninstall: ${path} is not a uv-shim launcher; left alone.\n`);
      status = 1;
    } else {
      process.stdout.write(`${done === 'removed' ? 'removed' : 'not installed'}: ${path}\n`);
    }
  }
  const home = userHome(env);
  for (const shell of SHELLS) {
    const file = profileFile(shell, env, home);
    const { lines, removedFile } = removeProfileLines(file);
    if (removedFile) process.stdout.write(`removed ${file} (install had created it)\n`);
    else if (lines > 0) process.stdout.write(`removed ${lines} line(s) from ${file}\n`);
  }
  if (options.purge) purgeState(shimCacheDir(env, currentPlatform(env)));
  return status;
}

// Removes the state directory. A symlink in its place is removed as a link:
// rmSync never follows one, so nothing outside it is touched.
function purgeState(dir: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    process.stdout.write(`no state to remove: ${dir}\n`);
    return;
  }
  // The one ownership rule (common/ownership.ts): someone else's directory
  // is theirs to remove, and one others can write may change under the removal.
  const me = currentPrincipal();
  const why = st.isDirectory() && me ? distrust(dir, st, me) : undefined;
  if (why) {
    const todo = why.kind === 'owner' ? 'that user can remove it' : `run \`chmod go-w ${shellQuote(dir)}\`, then uninstall again`;
    process.stderr.write(`uv-shim uninstall: ${distrustText(why)}; left alone (${todo}).\n`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`removed state: ${dir}\n`);
}
