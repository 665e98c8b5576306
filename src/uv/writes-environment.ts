import { hasFlag, isSubcommand, type UvCommand } from './command.js';

// Commands after which an environment may hold freshly linked or copied
// native libraries. `uv run` syncs the project first unless told not to;
// whether it actually changed anything is decided after it exits.
export function writesEnvironment(command: UvCommand): boolean {
  if (command.informational) return false;
  if (isSubcommand(command, 'sync') || isSubcommand(command, 'add') || isSubcommand(command, 'remove')) return true;
  if (isSubcommand(command, 'venv')) return true;
  if (isSubcommand(command, 'pip', 'install') || isSubcommand(command, 'pip', 'sync')) return true;
  if (isSubcommand(command, 'tool', 'install') || isSubcommand(command, 'tool', 'upgrade')) return true;
  if (command.subcommand.length === 1 && command.subcommand[0] === 'run') {
    return !hasFlag(command, '--no-sync') && !hasFlag(command, '--no-project') && !hasFlag(command, '--script');
  }
  return false;
}
