// A light reading of a uv command line: which subcommand, and the handful of
// options the shim's hooks care about. It never rejects anything (uv does
// that); it only has to know which options consume the next argument, so a
// value is not mistaken for a subcommand and a program's own flags after
// `uv run prog` are not mistaken for uv's.

// Options (long and short) that take a value as the next argument when not
// written as --opt=value. Collected from the help of uv 0.13.9 and its
// subcommands (test/uv/command.test.ts checks them against the real uv).
const TAKES_VALUE = new Set([
  '--directory', '--project', '--config-file', '--cache-dir', '--color', '--python', '-p',
  '--python-preference', '--allow-insecure-host', '--trusted-host', '--index', '--default-index',
  '--index-url', '-i', '--extra-index-url', '--find-links', '-f', '--index-strategy',
  '--keyring-provider', '--resolution', '--prerelease', '--exclude-newer', '--exclude-newer-package',
  '--link-mode', '--config-setting', '-C', '--config-settings-package', '--no-binary-package',
  '--only-binary-package', '--no-build-package', '--no-build-isolation-package', '--reinstall-package',
  '--upgrade-package', '-P', '--refresh-package', '--with', '-w', '--with-editable',
  '--with-requirements', '--from', '--env-file', '--package', '--group', '--no-group', '--only-group',
  '--extra', '--no-extra', '--python-platform', '--python-version', '--target', '-t', '--prefix',
  '--requirements', '-r', '--constraints', '-c', '--overrides', '--build-constraints', '-b',
  '--editable', '-e', '--output-file', '-o', '--install-dir', '--bin-dir', '--script', '--module',
  '-m', '--prompt', '--seed-type', '--format', '--torch-backend', '--fork-strategy', '--upgrade-group',
  '--build-constraint', '--constraint', '--override', '--dev-dependency',
  '--annotation-style', '--author-from', '--bounds', '--branch', '--build-backend', '--bump', '--cert',
  '--check-url', '--config-setting-package', '--custom-compile-command', '--depth', '-d', '--description',
  '--exclude', '--excludes', '--graalpy-mirror', '--marker', '--mirror', '--name', '--no-editable-package',
  '--no-emit-package', '--no-install-package', '--no-sources-package', '--optional', '--out-dir',
  '--output-format', '--password', '--path', '--prerelease-package', '--prune', '--publish-url',
  '--pyodide-mirror', '--pypy-mirror', '--python-downloads-json-url', '--rev', '--tag', '--token',
  '--trusted-publishing', '--username', '-u', '--vcs', '--with-executables-from',
]);

// The same name means different things in different subcommands: these are
// flags there (`uv run -m pkg`: pkg is the module to run, not -m's value;
// `uv venv -c env`: env is the environment's path) ...
const FLAG_IN: Record<string, ReadonlySet<string>> = {
  run: new Set(['--module', '-m', '--script']),
  init: new Set(['--package', '--script']),
  add: new Set(['--editable']),
  venv: new Set(['--clear', '-c']),
  'pip list': new Set(['--editable', '-e']),
  'pip show': new Set(['--files', '-f']),
  'python install': new Set(['--force', '-f', '--reinstall', '-r']),
  'tool install': new Set(['--editable', '-e']),
};

// ... and these take a value there, while elsewhere they are flags
// (`uv format --version 0.9.0` names ruff's version, not uv's).
const VALUE_IN: Record<string, ReadonlySet<string>> = {
  format: new Set(['--version']),
  'pip install': new Set(['--no-binary', '--only-binary']),
  'pip compile': new Set(['--no-binary', '--only-binary']),
  'pip sync': new Set(['--no-binary', '--only-binary']),
};

// Whether `option` consumes the next argument in the subcommand `path`.
function takesValue(option: string, path: string): boolean {
  if (VALUE_IN[path]?.has(option)) return true;
  return TAKES_VALUE.has(option) && !FLAG_IN[path]?.has(option);
}

// Subcommands that have subcommands of their own.
const NESTED = new Set(['tool', 'python', 'pip', 'cache', 'self', 'auth', 'workspace', 'build-backend']);

// `uv run X …` and `uv tool run X …`: everything from X on belongs to X.
const RUNS_A_PROGRAM = new Set(['run', 'tool run']);

// What the hooks need to know about a uv command line.
export interface UvCommand {
  // e.g. ['run'], ['tool', 'run'], ['python', 'install'], [] for `uv --version`.
  subcommand: string[];
  // Options given before the program (for run commands) or anywhere (others),
  // last value wins: { '--python': '3.12', '--directory': 'x' }. Short aliases
  // are stored under their long names.
  options: Map<string, string | true>;
  // For `run` / `tool run`: the program and its arguments, untouched.
  program: string[];
  // Positional arguments of the subcommand (packages, versions, paths).
  positionals: string[];
  // `uv --version`, `uv -V`, `uv help`, `uv --help` and friends.
  informational: boolean;
}

const ALIASES: Record<string, string> = {
  '-p': '--python', '-w': '--with', '-i': '--index-url', '-f': '--find-links', '-C': '--config-setting',
  '-P': '--upgrade-package', '-r': '--requirements', '-c': '--constraints', '-e': '--editable',
  '-o': '--output-file', '-b': '--build-constraints', '-m': '--module', '-V': '--version', '-h': '--help',
  '-q': '--quiet', '-v': '--verbose', '-n': '--no-cache',
};

// Reads argv as uv would, never rejecting anything (uv does that).
export function parseUvCommand(tool: 'uv' | 'uvx', args: readonly string[]): UvCommand {
  const subcommand: string[] = tool === 'uvx' ? ['tool', 'run'] : [];
  const options = new Map<string, string | true>();
  const program: string[] = [];
  const positionals: string[] = [];
  let informational = false;

  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === '--') {
      // `uv run -- prog`: the rest is the program.
      if (RUNS_A_PROGRAM.has(subcommand.join(' '))) program.push(...args.slice(i + 1));
      else positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      const valued = eq !== -1 || takesValue(name, subcommand.join(' '));
      if (eq !== -1) options.set(name, arg.slice(eq + 1));
      else if (valued && i + 1 < args.length) options.set(name, args[++i]!);
      else options.set(name, true);
      if ((name === '--version' && !valued) || name === '--help') informational = true;
      i++;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // Short options: -p3.12, -p 3.12, or clustered flags like -qq.
      const flag = arg.slice(0, 2);
      const long = ALIASES[flag] ?? flag;
      if (takesValue(flag, subcommand.join(' '))) {
        if (arg.length > 2) options.set(long, arg.slice(2).replace(/^=/, ''));
        else if (i + 1 < args.length) options.set(long, args[++i]!);
        else options.set(long, true);
      } else {
        options.set(long, true);
      }
      if (long === '--version' || long === '--help') informational = true;
      i++;
      continue;
    }
    // A positional: extends the subcommand path, or starts the program.
    const path = subcommand.join(' ');
    if (subcommand.length === 0 || (subcommand.length === 1 && NESTED.has(subcommand[0]!))) {
      subcommand.push(arg);
      if (arg === 'help' && subcommand.length === 1) informational = true;
      i++;
      continue;
    }
    if (RUNS_A_PROGRAM.has(path)) {
      program.push(...args.slice(i));
      break;
    }
    positionals.push(arg);
    i++;
  }
  if (subcommand.length === 0) informational = true;
  return { subcommand, options, program, positionals, informational };
}

// An option's value (long name), or undefined if absent or a bare flag.
export function optionValue(command: UvCommand, name: string): string | undefined {
  const v = command.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

// Whether an option (long name) was given at all.
export function hasFlag(command: UvCommand, name: string): boolean {
  return command.options.has(name);
}

// Whether the subcommand starts with `path`, e.g. isSubcommand(c, "pip", "install").
export function isSubcommand(command: UvCommand, ...path: string[]): boolean {
  return path.every((part, i) => command.subcommand[i] === part);
}
