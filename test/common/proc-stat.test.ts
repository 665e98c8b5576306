import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readProcStat } from '../../src/common/proc-stat.js';

describe.runIf(process.platform === 'linux')('readProcStat', () => {
  it('reads this process by field number', () => {
    const field = readProcStat('self');
    expect(field(1)).toBe(process.pid);
    expect(field(4)).toBe(process.ppid);
  });

  // comm is the program's name, up to 15 bytes, and may hold spaces and
  // parentheses: a real process named so must still be read right.
  it('reads a process whose name holds spaces and parentheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-stat-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const program = join(dir, 'a) b (c');
    copyFileSync('/bin/sleep', program);
    const child = spawn(program, ['5'], { stdio: 'ignore' });
    onTestFinished(() => void child.kill('SIGKILL'));
    await new Promise((resolve) => child.once('spawn', resolve));
    const field = readProcStat(child.pid!);
    expect(field(1)).toBe(child.pid);
    expect(field(4)).toBe(process.pid);
    expect(field(5)).toBe(readProcStat('self')(5));
  });

  it('throws for a process that does not exist', () => {
    expect(() => readProcStat(2 ** 22 + 1)).toThrow(/ENOENT/);
  });
});
