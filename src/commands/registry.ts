// The `uv-shim` subcommands. Each lives in its own module, imported only when
// it is the one asked for. A command module exports `run(argv): Promise<number>`
// (the exit code) and writes results to stdout, messages to stderr.
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  usage: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  install: {
    summary: 'put the uv/uvx shims in a directory on PATH',
    usage: 'install [--dir DIR] [--shell bash|zsh|fish] [--profile]',
    load: () => import('./install.js'),
  },
  uninstall: {
    summary: 'remove the shims (and the profile lines install added)',
    usage: 'uninstall [--dir DIR] [--shell bash|zsh|fish]',
    load: () => import('./uninstall.js'),
  },
  doctor: {
    summary: 'show which uv is real, where the shims are, PATH order, config and hooks',
    usage: 'doctor [--json]',
    load: () => import('./doctor.js'),
  },
  inspect: {
    summary: 'show a file\'s code signature, page-hash validity and macOS xattrs',
    usage: 'inspect FILE… [--json]',
    load: () => import('./inspect.js'),
  },
  time: {
    summary: 'run a command; print its wall time against the CPU time of its process tree',
    usage: 'time -- <command> [args…]',
    load: () => import('./time.js'),
  },
  check: {
    summary: 'show what the interpreter guard decides here: each Python file, its state and why',
    usage: 'check [--python REQ] [--json]',
    load: () => import('./check.js'),
  },
  repair: {
    summary: 'strip macOS provenance and re-sign ad hoc the interpreters macOS refuses',
    usage: 'repair [--dry-run] [PATH…]',
    load: () => import('./repair.js'),
  },
};
