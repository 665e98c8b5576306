import { basename, resolve } from 'node:path';
import { expandTilde } from '../../common/fs.js';
import { userHome } from '../../paths.js';
import { SHELLS, type Shell } from '../registry.js';
import type { ParsedArgs } from '../spec.js';

export { SHELLS, type Shell };

// What install and uninstall were asked to do.
export interface SetupOptions {
  dir: string;
  shell: Shell;
  profile: boolean;
  purge: boolean;
}

// --dir DIR (default ~/.local/bin, `~` expanded, relative to the working
// directory), --shell (default: $SHELL's name, else bash), --profile,
// --purge. The registry has already checked names and choices.
export function setupOptions({ values }: ParsedArgs, env: NodeJS.ProcessEnv): SetupOptions {
  const home = userHome(env);
  const fromEnv = basename(env.SHELL ?? '');
  const shell = typeof values.shell === 'string' ? values.shell : fromEnv;
  return {
    dir: typeof values.dir === 'string' ? resolve(expandTilde(values.dir, home)) : resolve(home, '.local', 'bin'),
    shell: (SHELLS as readonly string[]).includes(shell) ? (shell as Shell) : 'bash',
    profile: values.profile === true,
    purge: values.purge === true,
  };
}
