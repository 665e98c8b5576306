import { randomBytes } from 'node:crypto';
import { chmod, copyFile, constants, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { shellQuote } from './run-tool.js';

export interface NewInodeResult {
  ok: boolean;
  stderr: string;
  // What was done before and after `change`, as shell commands.
  commandsBefore: string[];
  commandsAfter: string[];
}

// Copies a file beside itself (same directory, so the rename is atomic and
// never crosses file systems), with the original's mode, lets `change` work
// on the copy, and renames the copy over the original only if it succeeded.
// The original is untouched on any failure. copyFile copies no xattrs, so
// the new inode starts without com.apple.provenance or quarantine.
export async function copyToNewInode(
  path: string,
  change: (tmp: string) => Promise<{ ok: boolean; stderr: string }>,
): Promise<NewInodeResult> {
  const tmp = join(dirname(path), `.${basename(path)}.uv-shim-${process.pid}-${randomBytes(4).toString('hex')}`);
  const commandsBefore = [`cp ${shellQuote(path)} ${shellQuote(tmp)}`];
  const commandsAfter: string[] = [];
  try {
    const { mode } = await stat(path);
    await copyFile(path, tmp, constants.COPYFILE_EXCL);
    await chmod(tmp, mode & 0o7777);
    const changed = await change(tmp);
    if (!changed.ok) {
      await rm(tmp, { force: true });
      return { ok: false, stderr: changed.stderr, commandsBefore, commandsAfter };
    }
    commandsAfter.push(`mv -f ${shellQuote(tmp)} ${shellQuote(path)}`);
    await rename(tmp, path);
    return { ok: true, stderr: changed.stderr, commandsBefore, commandsAfter };
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const err = error as NodeJS.ErrnoException;
    return { ok: false, stderr: `${path}: ${err.message}`, commandsBefore, commandsAfter };
  }
}
