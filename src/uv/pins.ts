import { join } from 'node:path';
import { isRegularFile, READ_LIMITS, readBoundedText } from '../bounded-read.js';
import { ancestors } from '../common/fs.js';
import { uvUserConfigDir } from '../paths.js';

// A Python version file uv reads (uv-python's PythonVersionFile).
export interface PinFile {
  file: string;
  // Its requests, comments and blank lines dropped. uv uses the first for
  // a command and all of them for `uv python install`.
  requests: string[];
  // From uv's user config dir rather than the project.
  global: boolean;
}

// Real version files are a few lines; a larger file (past READ_LIMITS.pin)
// is read as no pin.

export interface PinSearch {
  // Where the search starts (a project's workspace root, else the working dir).
  start: string;
  // The last directory searched (a workspace root); null: up to /.
  stopAt: string | null;
  // Tools look only at the global file (uv's `no_local`).
  localAllowed: boolean;
  env: NodeJS.ProcessEnv;
}

// `.python-version` first, then `.python-versions`, as uv's default preference.
function inDirectory(dir: string): string | null {
  for (const name of ['.python-version', '.python-versions']) {
    const file = join(dir, name);
    if (isRegularFile(file)) return file;
  }
  return null;
}

function read(file: string, global: boolean): PinFile | null {
  const text = readBoundedText(file, READ_LIMITS.pin, { follow: true });
  if (text === null) return null;
  const requests = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return { file, requests, global };
}

// The version file uv uses for a command, or null. --no-config and
// UV_NO_CONFIG make uv ignore version files altogether.
export function findPinFile(search: PinSearch, noConfig: boolean): PinFile | null {
  if (noConfig) return null;
  if (search.localAllowed) {
    for (const dir of ancestors(search.start)) {
      const file = inDirectory(dir);
      if (file) return read(file, false);
      if (dir === search.stopAt) break;
    }
  }
  const global = inDirectory(uvUserConfigDir(search.env));
  return global ? read(global, true) : null;
}
