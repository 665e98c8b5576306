import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import type { ParsedArgs } from '../spec.js';

// The shells whose profile line install knows how to write.
export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

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
  const home = env.HOME || homedir();
  const fromEnv = basename(env.SHELL ?? '');
  const shell = typeof values.shell === 'string' ? values.shell : fromEnv;
  return {
    dir: typeof values.dir === 'string' ? resolve(expandHome(values.dir, home)) : resolve(home, '.local', 'bin'),
    shell: (SHELLS as readonly string[]).includes(shell) ? (shell as Shell) : 'bash',
    profile: values.profile === true,
    purge: values.purge === true,
  };
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? home + path.slice(1) : path;
}
