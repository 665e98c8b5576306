import { closeSync, openSync, readSync, writeSync } from 'node:fs';

// Asks a yes/no question on the terminal itself (/dev/tty), never on stdin
// or stdout: those belong to uv. No terminal, or anything but "y", is no.
export function askYesNo(question: string): boolean {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return false;
  }
  try {
    writeSync(fd, `${question} [y/N] `);
    const buf = Buffer.alloc(256);
    let answer = '';
    while (!answer.includes('\n')) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      answer += buf.toString('utf8', 0, n);
    }
    return /^\s*y(es)?\s*$/i.test(answer.split('\n')[0] ?? '');
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

// Both ends a person would use are a terminal.
export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}
