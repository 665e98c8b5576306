import type { UvCommand } from '../uv/command.js';

// Subcommands that never start a Python, and `uv python …` / `uv tool …`
// actions that only read or delete files.
const NO_INTERPRETER = new Set(['self', 'cache', 'help', 'auth', 'generate-shell-completion', 'build-backend']);
const PYTHON_WITHOUT_INTERPRETER = new Set(['list', 'dir', 'uninstall', 'update-shell']);
const TOOL_WITHOUT_INTERPRETER = new Set(['list', 'dir', 'uninstall', 'update-shell']);

// Cheap and synchronous (the parsed command only): whether this uv command
// may start an interpreter, or install one the guard should check afterwards.
export function commandUsesInterpreter(command: UvCommand): boolean {
  if (command.informational) return false;
  const [first, second] = command.subcommand;
  if (first === undefined || NO_INTERPRETER.has(first)) return false;
  if (first === 'python') return second !== undefined && !PYTHON_WITHOUT_INTERPRETER.has(second);
  if (first === 'tool') return second !== undefined && !TOOL_WITHOUT_INTERPRETER.has(second);
  return true;
}

// `uv python install` / `uv python upgrade`: check what they created.
export function installsPythons(command: UvCommand): boolean {
  return command.subcommand[0] === 'python' && (command.subcommand[1] === 'install' || command.subcommand[1] === 'upgrade');
}
