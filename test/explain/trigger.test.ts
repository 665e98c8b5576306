import { describe, expect, it } from 'vitest';
import type { ExitStatus } from '../../src/common/exit-status.js';
import { triggerOf } from '../../src/explain/trigger.js';

// Which ends of uv get a post-mortem: uv killed by SIGKILL, uv reporting a
// SIGKILLed child (137), and uv's exit 2 (which covers "Querying Python …
// failed with exit status signal: 9"). Everything else stays silent.
describe('triggerOf', () => {
  it.each<[ExitStatus, ReturnType<typeof triggerOf>]>([
    [{ code: null, signal: 'SIGKILL' }, 'uv-killed'],
    [{ code: 137, signal: null }, 'exit-137'],
    [{ code: 2, signal: null }, 'exit-2'],
    [{ code: 0, signal: null }, null],
    [{ code: 1, signal: null }, null],
    [{ code: 130, signal: null }, null],
    [{ code: 143, signal: null }, null],
    [{ code: 136, signal: null }, null],
    [{ code: 138, signal: null }, null],
    [{ code: null, signal: 'SIGTERM' }, null],
    [{ code: null, signal: 'SIGINT' }, null],
    [{ code: null, signal: 'SIGSEGV' }, null],
  ])('%j -> %s', (result, trigger) => {
    expect(triggerOf(result)).toBe(trigger);
  });
});
