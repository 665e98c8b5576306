import { join } from 'node:path';
import { READ_LIMITS, readBoundedText } from '../bounded-read.js';

// A virtual environment as uv sees it: a directory with a pyvenv.cfg file.
// uv runs its bin/python, never the `home` interpreter pyvenv.cfg names
// (uv-python's virtualenv_python_executable), so neither does the shim.
export interface Venv {
  dir: string;
  // bin/python inside the environment (usually a link to the base interpreter).
  python: string;
  // version_info (uv) or version (venv, virtualenv), e.g. "3.12.4"; null if absent.
  version: string | null;
}

// pyvenv.cfg is a few short lines; anything larger (past
// READ_LIMITS.pyvenvCfg) is not one.

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

// The environment at `dir`, or null when it has no readable pyvenv.cfg.
export function readVenv(dir: string): Venv | null {
  const cfg = readBoundedText(join(dir, 'pyvenv.cfg'), READ_LIMITS.pyvenvCfg, { follow: true });
  if (cfg === null) return null;
  const values = readPyvenvCfg(cfg);
  return { dir, python: join(dir, 'bin', 'python'), version: values.get('version_info') ?? values.get('version') ?? null };
}
