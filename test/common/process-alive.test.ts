import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/common/process-alive.js';

describe('isAlive', () => {
  it('is true for a running process and false once it has exited and been reaped', () => {
    expect(isAlive(process.pid)).toBe(true);
    const child = spawnSync(process.execPath, ['-e', '']);
    expect(child.status).toBe(0);
    expect(isAlive(child.pid!)).toBe(false);
  });

  it('is true for pid 1, which exists on every Linux (for a user other than root, through EPERM)', () => {
    expect(isAlive(1)).toBe(true);
  });
});
