// The shape of a `uv-shim` command's declaration and of what its module
// receives: types only, so that the registry, the parser, help, completions
// and every command module can share them without importing each other.

// One option of a command. `value` names the argument of a string option in
// the help text (`--dir DIR`); `choices` limits it and feeds completions.
export interface OptionSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  value?: string;
  choices?: readonly string[];
  // What completion offers for the value: files, directories or nothing.
  complete?: 'file' | 'dir';
  summary: string;
}

// The parsed arguments a command's run() receives. Values are keyed by the
// option's long name.
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandModule {
  run(args: ParsedArgs): Promise<number>;
}

export interface CommandSpec {
  summary: string;
  // The positional part of the usage line (`FILE…`), if any.
  args?: string;
  // How many positionals it takes, at least and at most.
  min?: number;
  max?: number;
  // Options only before the first positional; everything from there on is
  // passed through untouched (`uv-shim time uv run -x`).
  passThrough?: boolean;
  // What completion offers for positionals.
  completeArgs?: 'file' | 'command' | readonly string[];
  options: readonly OptionSpec[];
  // A paragraph or two for `--help`: what it does and its exit codes.
  description: string;
}
