import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// A virtual environment's interpreter and the base installation it points
// at, from `bin/python` and pyvenv.cfg's `home`. Nothing is run.
export interface VenvInterpreter {
  // bin/python inside the environment (usually a symlink to the base).
  link: string;
  // The base interpreter named by pyvenv.cfg (`home` + python3.X), if any.
  base: string | null;
}

// Reads `key = value` lines; pyvenv.cfg is not INI, just that.
export function readPyvenvCfg(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    values.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return values;
}

// Returns null when `dir` is not an environment (no pyvenv.cfg).
export function readVenv(dir: string): VenvInterpreter | null {
  let cfg: string;
  try {
    cfg = readFileSync(join(dir, 'pyvenv.cfg'), 'utf8');
  } catch {
    return null;
  }
  const values = readPyvenvCfg(cfg);
  const link = join(dir, 'bin', 'python');
  const home = values.get('home');
  const version = values.get('version_info') ?? values.get('version');
  return { link, base: home ? baseInterpreter(home, version) : null };
}

function baseInterpreter(home: string, version: string | undefined): string | null {
  const minor = version?.split('.').slice(0, 2).join('.');
  const names = minor ? [`python${minor}`, 'python3', 'python'] : ['python3', 'python'];
  for (const name of names) {
    const file = join(home, name);
    if (existsSync(file)) return file;
  }
  return null;
}
