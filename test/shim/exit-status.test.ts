import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim } from '../helpers/sandbox.js';

// UV_SHIM_REAL_UV points at a small program that ends the way we tell it:
// the shim must end the same way. (Death by SIGKILL of the real uv, and
// Python's exit codes through the real uv, are tested in signals.test.ts
// and passthrough.test.ts.)
function standIn(root: string, body: string): string {
  const file = join(root, 'fake-uv');
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('exit status mirroring', () => {
  it.each([0, 1, 2, 42, 125, 126, 127, 137, 255])('passes exit code %i through exactly', async (code) => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', [], { env: { ...sb.env, UV_SHIM_REAL_UV: standIn(sb.root, `exit ${code}`) } });
    expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code, signal: null, stderr: '' });
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGUSR1', 'SIGALRM', 'SIGPIPE'] as const)(
    're-raises %s on itself when uv dies of it (never exit 1)',
    async (signal) => {
      const sb = makeSandbox();
      const r = await runShim(sb, 'uv', [], {
        env: { ...sb.env, UV_SHIM_REAL_UV: standIn(sb.root, `kill -${signal.slice(3)} $$`) },
      });
      expect({ code: r.code, signal: r.signal }).toEqual({ code: null, signal });
      expect(r.stderr).toBe('');
    },
  );
});
