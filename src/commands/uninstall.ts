import { homedir } from 'node:os';
import { join } from 'node:path';
import { TOOLS, unlinkLauncher } from './setup/launchers.js';
import { setupOptionsOrUsage, type Shell } from './setup/options.js';
import { profileFile, removeProfileLines } from './setup/profile.js';

const USAGE = 'usage: uv-shim uninstall [--dir DIR] [--shell bash|zsh|fish]';
const ALL_SHELLS: Shell[] = ['bash', 'zsh', 'fish'];

// `uv-shim uninstall`: removes DIR/uv and DIR/uvx when they are uv-shim
// launchers (never anything else), and every profile line install added, in
// each shell's file, whichever shell it was added for.
export async function run(argv: string[]): Promise<number> {
  const env = process.env;
  const options = setupOptionsOrUsage('uninstall', USAGE, argv, env);
  if (options === 2) return 2;
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
  const home = env.HOME || homedir();
  for (const shell of ALL_SHELLS) {
    const file = profileFile(shell, env, home);
    const n = removeProfileLines(file);
    if (n > 0) process.stdout.write(`removed ${n} line(s) from ${file}\n`);
  }
  return status;
}
