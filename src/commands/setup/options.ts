import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';

// The shells whose profile line install knows how to write.
export type Shell = 'bash' | 'zsh' | 'fish';
const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

// What install and uninstall were asked to do.
export interface SetupOptions {
  dir: string;
  shell: Shell;
  profile: boolean;
}

// A usage error: the command prints it with its usage line and exits 2.
export class UsageError extends Error {}

// --dir DIR (default ~/.local/bin), --shell (default: $SHELL's name, else
// bash), --profile (install only). `--opt=value` is accepted too.
export function parseSetupOptions(argv: readonly string[], env: NodeJS.ProcessEnv, allowProfile: boolean): SetupOptions {
  const home = env.HOME || homedir();
  const fromEnv = basename(env.SHELL ?? '');
  const options: SetupOptions = {
    dir: resolve(home, '.local', 'bin'),
    shell: (SHELLS as readonly string[]).includes(fromEnv) ? (fromEnv as Shell) : 'bash',
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--dir') options.dir = resolve(expandHome(value(), home));
    else if (flag === '--shell') {
      const v = value();
      if (!(SHELLS as readonly string[]).includes(v)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}, not ${JSON.stringify(v)}`);
      options.shell = v as Shell;
    } else if (flag === '--profile' && allowProfile && inline === undefined) options.profile = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`);
  }
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq !== -1 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? home + path.slice(1) : path;
}

// parseSetupOptions for a command's run(): a usage error is printed with the
// command's usage line and becomes exit status 2.
export function setupOptionsOrUsage(
  command: 'install' | 'uninstall',
  usage: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): SetupOptions | 2 {
  try {
    return parseSetupOptions(argv, env, command === 'install');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`uv-shim ${command}: ${error.message}.\n\n${usage}\n`);
    return 2;
  }
}
