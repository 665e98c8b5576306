import { readSync } from 'node:fs';

// Fills buf[offset, offset+length) from the file at `position`; a file that
// ends early was changed while it was read.
export function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) throw new Error('the file got shorter while it was read');
    done += n;
  }
}
