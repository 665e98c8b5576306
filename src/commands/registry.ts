// The `uv-shim` subcommands, declared once: this table drives the usage
// lines, `--help`, `uv-shim help COMMAND`, the shell completions and the
// parsing of every command's arguments (commands/args.ts). Each command
// lives in its own module (commands/load.ts), imported only when it is the
// one asked for; it exports `run(args)` and returns the exit code, writing
// results to stdout and messages to stderr.

import type { CommandSpec, OptionSpec } from './spec.js';

// The shells uv-shim writes profile lines and completions for.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
const json: OptionSpec = { name: 'json', type: 'boolean', summary: 'print JSON instead of text' };
const dir: OptionSpec = { name: 'dir', type: 'string', value: 'DIR', complete: 'dir', summary: 'the directory for the shims (default ~/.local/bin; relative to where this is run)' };
const shell: OptionSpec = { name: 'shell', type: 'string', value: 'SHELL', choices: SHELLS, summary: 'the shell whose profile line to write (default: $SHELL, else bash)' };

export const COMMANDS: Record<string, CommandSpec> = {
  install: {
    summary: 'put the uv/uvx shims in a directory on PATH',
    options: [dir, shell, { name: 'profile', type: 'boolean', summary: "append the PATH line to the shell's profile (once)" }],
    max: 0,
    description:
      'Links uv, uvx and uv-shim in DIR to this package\'s launchers, then checks that DIR comes before the real uv on PATH and says the next step when it does not. Never replaces a file that is not a uv-shim launcher. Safe to run again.\n\nExit 0 when installed, 1 when DIR holds something else, 2 on a usage error.',
  },
  uninstall: {
    summary: 'remove the shims (and the profile lines install added)',
    options: [dir, shell, { name: 'purge', type: 'boolean', summary: "also remove uv-shim's state (verdicts, repairs log, counts, trust records)" }],
    max: 0,
    description:
      'Removes DIR/uv, DIR/uvx and DIR/uv-shim when they are uv-shim launchers (never anything else), every profile line install added, and the profile files install created that are now empty. With --purge, also the state directory. Your config files are left alone.\n\nExit 0 when done, 1 when DIR holds a file that is not a launcher, 2 on a usage error.',
  },
  doctor: {
    summary: 'show which uv is real, where the shims are, PATH order, config and hooks',
    options: [json],
    max: 0,
    description: 'Checks the setup and prints each finding.\n\nExit 0 when nothing needs attention, 1 when something does, 2 on a usage error.',
  },
  inspect: {
    summary: "show a file's code signature, page-hash validity and macOS xattrs",
    args: 'FILE…',
    min: 1,
    completeArgs: 'file',
    options: [json],
    description:
      'Reads each file as macOS would judge it: Mach-O slices, code signature, every page re-hashed, quarantine and provenance attributes. Reads only; runs on any platform.\n\nExit 0 when every file was read, 1 when any was malformed or unreadable, 2 on a usage error.',
  },
  time: {
    summary: 'run a command; print its wall time against the CPU time of its process tree',
    args: '[--] COMMAND [ARG…]',
    min: 1,
    passThrough: true,
    completeArgs: 'command',
    options: [],
    description:
      "Runs COMMAND with this terminal, then prints on stderr its wall time against the CPU time of its whole process tree, and says when it was mostly waiting (on macOS after `uv sync`, usually first-load validation of new native libraries).\n\nExits as the command did; 127 when it was not found, 126 when it could not be run.",
  },
  check: {
    summary: 'show what the interpreter guard decides here: each Python file, its state and why',
    options: [{ name: 'python', short: 'p', type: 'string', value: 'REQUEST', summary: 'the interpreter request, as `uv run --python`' }, json],
    max: 0,
    description: 'Checks, without repairing anything, each interpreter file `uv run` would use here.\n\nExit 0 when every file can run, 1 when any is refused or unreadable, 2 on a usage error.',
  },
  trust: {
    summary: 'let a project config file run its hooks and JavaScript (until it changes)',
    args: '[PATH]',
    max: 1,
    completeArgs: 'file',
    options: [],
    description:
      "Records the real path and the SHA-256 of a project config file (PATH, or the one that applies in the directory PATH or here), so that its hooks, explainFile and, for a JavaScript file, its code apply. Any change to the file untrusts it. A file someone other than you or root could have written is never read, and cannot be trusted.\n\nExit 0 when trusted, 1 when there is no such file or it cannot be trusted, 2 on a usage error.",
  },
  untrust: {
    summary: 'take back the trust of a project config file',
    args: '[PATH]',
    max: 1,
    completeArgs: 'file',
    options: [],
    description: 'Forgets the trust of a project config file (PATH, or the one that applies in the directory PATH or here); its hooks, explainFile and JavaScript no longer apply.\n\nExit 0 when done, 1 when there is no such file, 2 on a usage error.',
  },
  repair: {
    summary: 'strip macOS provenance and re-sign ad hoc the interpreters macOS refuses',
    args: '[PATH…]',
    completeArgs: 'file',
    options: [{ name: 'dry-run', type: 'boolean', summary: 'say what would be done, change nothing' }],
    description:
      "Checks afresh the interpreters of the current directory, or the files, installations or environments named, and repairs those macOS refuses, within the allowed trees.\n\nExit 0 when every file can run afterwards (with --dry-run: when nothing needs doing), 1 otherwise, 2 on a usage error.",
  },
  cache: {
    summary: "show uv-shim's state (verdicts, counts, repairs log); prune what is gone, or clean it all",
    args: '[prune|clean]',
    max: 1,
    completeArgs: ['prune', 'clean'],
    options: [json],
    description:
      "Without an action, shows each kind of state uv-shim keeps in its cache directory, how many entries it has, and how many are about files or environments that no longer exist. `prune` forgets those; `clean` removes every store (nothing else in the directory).\n\nExit 0, or 2 on a usage error.",
  },
  completions: {
    summary: 'print a completion script for bash, zsh or fish',
    args: 'SHELL',
    min: 1,
    max: 1,
    completeArgs: SHELLS,
    options: [],
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's ${fpath[1]}, printed as it is
      'Prints the completion script for SHELL on stdout. To load it:\n  bash:  uv-shim completions bash > ~/.local/share/bash-completion/completions/uv-shim\n  zsh:   uv-shim completions zsh > "${fpath[1]}/_uv-shim"\n  fish:  uv-shim completions fish > ~/.config/fish/completions/uv-shim.fish\n\nExit 0, or 2 for a shell it does not know.',
  },
  help: {
    summary: 'show the help of uv-shim or of one command',
    args: '[COMMAND]',
    max: 1,
    completeArgs: 'command',
    options: [],
    description: 'Prints the help of COMMAND, or the list of commands.',
  },
  version: {
    summary: "print uv-shim's version",
    max: 0,
    options: [],
    description: 'Prints `uv-shim VERSION` on stdout.',
  },
};
