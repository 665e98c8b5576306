import { constants } from 'node:os';

// The binding's errors carry code "GenericFailure" and the errno only inside
// the message ("Operation not permitted (os error 1)"); Apple's xattr tool
// prints "[Errno 1] Operation not permitted". The number is read here, once,
// at the OS edge, so callers test `code` (EPERM, EACCES) like any Node error.
export function withErrnoCode(error: unknown): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  const match = /\(os error (\d+)\)|\[Errno (\d+)\]/.exec(err.message);
  const number = match ? Number(match[1] ?? match[2]) : NaN;
  const name = Object.entries(constants.errno).find(([, n]) => n === number)?.[0];
  if (name) (err as NodeJS.ErrnoException).code = name;
  return err;
}
