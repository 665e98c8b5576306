import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { withErrnoCode } from '../../src/common/errno.js';

describe('withErrnoCode', () => {
  it.each([
    // @napi-rs/xattr (Rust's io::Error text)
    [`Operation not permitted (os error ${constants.errno.EPERM})`, 'EPERM'],
    [`Permission denied (os error ${constants.errno.EACCES})`, 'EACCES'],
    // Apple's xattr tool (Python's OSError text)
    [`cannot remove com.apple.provenance from /x: xattr: [Errno ${constants.errno.EPERM}] Operation not permitted: '/x'`, 'EPERM'],
    // No number: no code is made up.
    ['xattr failed', undefined],
    ['(os error 99999)', undefined],
  ])('%s → %s', (message, code) => {
    const error = withErrnoCode(new Error(message));
    expect(error.message).toBe(message);
    expect((error as NodeJS.ErrnoException).code).toBe(code);
  });
});
