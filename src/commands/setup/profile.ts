import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Shell } from './options.js';

// Every line `uv-shim install --profile` writes ends with this comment;
// uninstall removes exactly the lines that carry it.
export const PROFILE_MARKER = '# added by uv-shim install';
// The first line of a profile file that install itself created: uninstall
// removes such a file once nothing but its own lines is left in it, and
// leaves any file the user had alone.
export const CREATED_MARKER = '# created by uv-shim install (uv-shim uninstall removes this file while nothing else is in it)';

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

// The same line without the marker, to type in the shell at hand.
export function nowLine(shell: Shell, dir: string): string {
  return profileLine(shell, dir).slice(0, -PROFILE_MARKER.length).trimEnd();
}

// Appends the line unless the file already has it; true when it wrote.
export function addProfileLine(file: string, line: string): boolean {
  const existed = existsSync(file);
  const text = existed ? readFileSync(file, 'utf8') : `${CREATED_MARKER}\n`;
  if (text.split('\n').includes(line)) return false;
  mkdirSync(dirname(file), { recursive: true });
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileSync(file, `${text}${sep}${line}\n`);
  return true;
}

// Removes every line carrying the marker, and the file itself when install
// created it and nothing else is left; says how many lines went and whether
// the file did.
export function removeProfileLines(file: string): { lines: number; removedFile: boolean } {
  if (!existsSync(file)) return { lines: 0, removedFile: false };
  const lines = readFileSync(file, 'utf8').split('\n');
  const kept = lines.filter((l) => !l.endsWith(PROFILE_MARKER));
  const removed = lines.length - kept.length;
  if (kept[0] === CREATED_MARKER && kept.slice(1).every((l) => l.trim() === '')) {
    unlinkSync(file);
    return { lines: removed, removedFile: true };
  }
  if (removed > 0) writeFileSync(file, kept.join('\n'));
  return { lines: removed, removedFile: false };
}
