import { isSubcommand, optionValue, type UvCommand } from './command.js';

// The requirement naming the tool of a `uv tool` command, taken from the one
// place uv takes it: `--from`, else the program (`uvx ruff`, `uv tool run
// ruff`), or the package (`uv tool install ruff`, `uv tool upgrade ruff`).
export function toolSpec(command: UvCommand): string | null {
  if (isSubcommand(command, 'tool', 'run')) return optionValue(command, '--from') ?? command.program[0] ?? null;
  if (isSubcommand(command, 'tool', 'install') || isSubcommand(command, 'tool', 'upgrade')) {
    return optionValue(command, '--from') ?? command.positionals[0] ?? null;
  }
  return null;
}

// The directory name uv gives a tool's environment under its tool dir: the
// package name from a requirement (`ruff`, `Jupyter_Core>=5`, `black@24.1`),
// normalized as PEP 503 does. null when the spec starts with no name.
export function toolEnvName(spec: string): string | null {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec.trim())?.[0];
  return name ? name.toLowerCase().replace(/[-_.]+/g, '-') : null;
}
