import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Shell } from './options.js';

// Every line `uv-shim install --profile` writes ends with this comment;
// uninstall removes exactly the lines that carry it.
export const PROFILE_MARKER = '# added by uv-shim install';

// The startup file each shell reads for interactive sessions.
export function profileFile(shell: Shell, env: NodeJS.ProcessEnv, home: string): string {
  if (shell === 'zsh') return join(env.ZDOTDIR || home, '.zshrc');
  if (shell === 'fish') return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'config.fish');
  return join(home, '.bashrc');
}

// The line that puts `dir` first on PATH, in the shell's own syntax.
export function profileLine(shell: Shell, dir: string): string {
  const quoted = `'${dir.replace(/'/g, `'\\''`)}'`;
  if (shell === 'fish') return `fish_add_path --global --move --path ${quoted}  ${PROFILE_MARKER}`;
  return `export PATH=${quoted}":$PATH"  ${PROFILE_MARKER}`;
}

// Appends the line unless the file already has it; true when it wrote.
export function addProfileLine(file: string, line: string): boolean {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split('\n').includes(line)) return false;
  mkdirSync(dirname(file), { recursive: true });
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileSync(file, `${text}${sep}${line}\n`);
  return true;
}

// Removes every line carrying the marker; returns how many it removed.
export function removeProfileLines(file: string): number {
  if (!existsSync(file)) return 0;
  const lines = readFileSync(file, 'utf8').split('\n');
  const kept = lines.filter((l) => !l.endsWith(PROFILE_MARKER));
  if (kept.length !== lines.length) writeFileSync(file, kept.join('\n'));
  return lines.length - kept.length;
}
