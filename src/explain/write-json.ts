import { mkdirSync } from 'node:fs';
import { replaceStateFile } from '../state-file.js';
import { dirname, resolve } from 'node:path';
import type { Explanation } from './facts.js';

// OS edge: what the usual errno values mean for a file the user named.
const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'a part of the path is a file, not a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'it is a directory',
};

// For CI logs: the explanation as one JSON object, replacing the file's
// content (written to a temporary name and renamed, so a reader never sees
// half an object). Throws with the path in the message; the caller warns.
export function writeExplanationJson(file: string, explanation: Explanation, cwd: string): string {
  const target = resolve(cwd, file);
  try {
    mkdirSync(dirname(target), { recursive: true });
    // The user's own directory: not checked as a state dir, but the file is
    // still written exclusively beside the target and renamed over it.
    replaceStateFile(null, target, `${JSON.stringify(explanation, null, 2)}\n`, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`could not write the explanation to ${target}: ${WHY[code] ?? 'the write failed'} (${code})`, { cause: error });
  }
  return target;
}
