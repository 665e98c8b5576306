import { shellQuote } from '../common/shell-quote.js';
import type { ConfigNotice, ConfigProblem, UnsafeReason } from './types.js';

// One line per problem: where it is (file and line:column, or key) and what
// is wrong with it.
export function formatProblem(p: ConfigProblem): string {
  if (p.file === 'environment') return `${p.key}: ${p.message}`;
  if (p.key === '(file)') return `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`;
  return `${p.file}: ${p.key}: ${p.message}`;
}

// Why a file is unsafe, as the words after "not reading FILE: ".
export function describeUnsafe(reason: UnsafeReason): string {
  const what = reason.isDirectory ? `its directory ${reason.path}` : 'it';
  if (reason.kind === 'owner') return `${what} belongs to uid ${reason.uid}, not to you or root, and could run code as you`;
  const who = reason.by === 'others' ? 'every user' : `group ${reason.gid}`;
  return `${what} can be written by ${who}, so its settings could be anyone's (chmod ${reason.by === 'others' ? 'o' : 'g'}-w ${shellQuote(reason.path)})`;
}

// The command that trusts a file, as a user would type it.
export function trustCommand(file: string): string {
  return `uv-shim trust ${shellQuote(file)}`;
}

// One line per notice: what of which file was not used, and what to do.
export function formatNotice(n: ConfigNotice): string {
  if (n.kind === 'refused') return `not reading ${n.file}: ${describeUnsafe(n.reason)}`;
  const what = n.javascript ? `not running ${n.file}` : `not applying ${n.skipped.join(', ')} from ${n.file}`;
  const since = n.changed ? ' (it changed since you trusted it)' : '';
  return `${what}${since} until you trust it: ${trustCommand(n.file)}`;
}
