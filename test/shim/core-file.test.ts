import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, run } from '../helpers/sandbox.js';

// A core pattern that is a plain relative name puts each core file in the
// dying process's working directory; under a pipe or another layout the
// files cannot be found from here.
const pattern = process.platform === 'linux' ? readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim() : '';

describe.runIf(pattern === 'core')('a uv that dumps core', () => {
  it("leaves uv's core file and adds none of Node's", async () => {
    const sb = makeSandbox();
    // Stands in for a uv that crashes: it dumps core in a directory of its own.
    const uvCwd = join(sb.root, 'uv-cwd');
    mkdirSync(uvCwd);
    const crasher = join(sb.root, 'crashing-uv');
    writeFileSync(crasher, `#!/bin/sh\ncd ${JSON.stringify(uvCwd)} && kill -SEGV $$\n`);
    chmodSync(crasher, 0o755);
    const env = { ...sb.env, UV_SHIM_REAL_UV: crasher };
    // The caller allows core files of any size.
    const r = await run('/bin/sh', ['-c', 'ulimit -S -c unlimited && exec "$0" "$@"', join(sb.shimBin, 'uv'), '--version'], { cwd: sb.work, env });
    expect(r.signal).toBe('SIGSEGV');
    expect(existsSync(join(uvCwd, 'core'))).toBe(true);
    expect(existsSync(join(sb.work, 'core')) ? statSync(join(sb.work, 'core')).size : 0).toBe(0);
  });
});
