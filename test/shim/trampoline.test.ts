import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSignalMask, takeLaunchState } from '../../src/shim/launch-state.js';
import { execPlan } from '../../src/shim/trampoline.js';

describe('parseSignalMask', () => {
  it.each([
    ['0', []],
    ['3', [1, 2]],
    // SIGKILL (9) and SIGSTOP (19) cannot be ignored: never in the list.
    [String(0x40100), []],
    ['4096', [13]],
    // The kernel masks the field to signals 1-31.
    [String(2 ** 31 - 1), [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]],
    ['', []],
    ['zz', []],
    ['0x10', []],
    ['-1', []],
    ['12345678901', []],
  ])('%s → %j', (mask, expected) => {
    expect(parseSignalMask(mask)).toEqual(expected);
  });

  it.runIf(process.platform === 'linux')("reads the kernel's field 33 as SigIgn in /proc/PID/status says it, below the real-time signals", () => {
    // A shell that ignores some signals, among them real-time ones, prints
    // both files of its own.
    const out = execFileSync('/bin/sh', ['-c', "trap '' HUP INT PIPE TERM 40 50; cat /proc/$$/stat; grep SigIgn /proc/$$/status"], { encoding: 'utf8' });
    const [stat, status] = out.split('\n');
    const field33 = stat!.slice(stat!.lastIndexOf(') ') + 2).split(' ')[30];
    const sigIgn = BigInt(`0x${/SigIgn:\s*([0-9a-f]+)/.exec(status!)![1]}`);
    const fromStatus = Array.from({ length: 64 }, (_, i) => i + 1).filter((n) => (sigIgn >> BigInt(n - 1)) & 1n);
    expect(fromStatus).toEqual([1, 2, 13, 15, 40, 50]);
    expect(parseSignalMask(field33)).toEqual([1, 2, 13, 15]);
  });
});

describe('takeLaunchState', () => {
  it('hands back kept variables, set or empty, and drops the shim’s own NODE_OPTIONS', () => {
    const env: NodeJS.ProcessEnv = {
      NODE_OPTIONS: '--import=recorder',
      UV_SHIM_KEPT_NODE_EXTRA_CA_CERTS: '',
      UV_SHIM_KEPT_NODE_DEBUG: 'x',
      UV_SHIM_SIGIGN: '1',
      OTHER: 'y',
    };
    const state = takeLaunchState(0, env, {});
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '', NODE_DEBUG: 'x', OTHER: 'y' });
    expect(state.ignoredSignals).toEqual([1]);
  });

  it('finds the raw bytes of arguments and values that are not UTF-8', () => {
    const cmdline = Buffer.from('node\0shims/uv\0uv\0ok\0caf\xe9\0', 'latin1');
    const environ = Buffer.from('A=1\0B=caf\xe9\0UV_SHIM_KEPT_NODE_OPTIONS=\xff\0', 'latin1');
    const state = takeLaunchState(2, {}, { cmdline, environ });
    expect(state.rawArgs).toEqual([undefined, Buffer.from('caf\xe9', 'latin1')]);
    expect([...state.rawEnv]).toEqual([
      ['B', Buffer.from('caf\xe9', 'latin1')],
      ['NODE_OPTIONS', Buffer.from('\xff', 'latin1')],
    ]);
  });
});

describe('execPlan', () => {
  it('spawns uv as it is when nothing needs restoring', () => {
    expect(execPlan('/bin/uv', ['a'], {}, { ignoredSignals: [], rawArgs: [], rawEnv: new Map() })).toEqual({ file: '/bin/uv', args: ['a'], lost: [] });
  });

  it('goes through sh, which restores every byte', () => {
    const raw = Buffer.from("x\n'\\\xe9\x01", 'latin1');
    const env = { V: raw.toString('utf8'), 'a.b': raw.toString('utf8') };
    const state = { ignoredSignals: [], rawArgs: [undefined, raw], rawEnv: new Map([['V', raw], ['a.b', raw]]) };
    // uv is a Python that prints what it got, as bytes.
    const show = 'import os, sys; sys.stdout.buffer.write(repr([os.fsencode(a) for a in sys.argv[1:]] + [os.environb[b"V"]]).encode())';
    const plan = execPlan('python3', ['-c', show, "it's", raw.toString('utf8')], env, state, 2);
    expect(plan.file).toBe('/bin/sh');
    expect(plan.lost).toEqual(['a.b']);
    const out = execFileSync(plan.file, plan.args, { env: { PATH: process.env.PATH, ...env } }).toString();
    expect(out).toBe(`[b"it's", b"x\\n'\\\\\\xe9\\x01", b"x\\n'\\\\\\xe9\\x01"]`);
  });
});
