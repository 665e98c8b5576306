import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { distrust, type Principal } from '../common/ownership.js';
import type { UnsafeReason } from './types.js';

// A config file is safe when it and the directory it is in may be trusted
// (src/common/ownership.ts: the user's or root's, nobody else can write to
// them); through a symbolic link, the directory of its target too. A file
// that cannot be examined, or is not a regular file, is left to the read,
// which refuses it with its own reason (a FIFO, /dev/zero).
export function unsafeConfigFile(path: string, me: Principal | undefined): UnsafeReason | undefined {
  if (!me) return undefined;
  try {
    const link = lstatSync(path);
    const target = link.isSymbolicLink() ? statSync(path) : link;
    if (!target.isFile()) return undefined;
    const dirs = [dirname(path)];
    if (link.isSymbolicLink()) dirs.push(dirname(realpathSync.native(path)));
    return distrust(path, target, me) ?? dirs.map((d) => distrust(d, statSync(d), me)).find((r) => r !== undefined);
  } catch {
    return undefined;
  }
}
