import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { collectHooks, runPostExit, runPreExec } from '../../src/hooks/run-hooks.js';
import type { BuiltinHook, Hook, RunContext } from '../../src/hooks/types.js';
import { createLogger } from '../../src/log.js';
import { ShimError } from '../../src/errors.js';
import { describeFailure, failureMessage } from '../../src/failure-text.js';
import { parseUvCommand } from '../../src/uv/command.js';
import { HookState } from '../../src/hooks/state.js';

function context(strict = false): { ctx: RunContext; messages: string[] } {
  const messages: string[] = [];
  const ctx: RunContext = {
    tool: 'uv',
    args: ['sync'],
    command: parseUvCommand('uv', ['sync']),
    realUv: '/usr/bin/uv',
    env: {},
    cwd: '/',
    platform: 'linux',
    config: { ...DEFAULT_CONFIG, strict, hooks: { preExec: [], postExit: [] } },
    log: createLogger('warn', (t) => messages.push(stripVTControlCharacters(t))),
    shared: new HookState(),
    attempt: 1,
  };
  return { ctx, messages };
}

describe('the hook runner', () => {
  it('runs pre-exec hooks in order and lets them add to uv\'s environment', async () => {
    const { ctx } = context();
    const order: string[] = [];
    const hooks: Hook[] = [
      {
        name: 'a',
        required: false,
        preExec: async (c) => {
          order.push('a');
          c.env.UV_LINK_MODE = 'hardlink';
        },
      },
      { name: 'b', required: false, preExec: async () => void order.push('b') },
    ];
    await runPreExec(hooks, ctx);
    expect(order).toEqual(['a', 'b']);
    expect(ctx.env.UV_LINK_MODE).toBe('hardlink');
  });

  it('turns a failing optional hook into a warning and runs the rest', async () => {
    const { ctx, messages } = context();
    const ran: string[] = [];
    await runPreExec(
      [
        { name: 'broken', required: false, preExec: async () => { throw new Error('boom'); } },
        { name: 'next', required: false, preExec: async () => void ran.push('next') },
      ],
      ctx,
    );
    expect(ran).toEqual(['next']);
    expect(messages.join('')).toContain('broken failed: boom (uv runs anyway)');
  });

  it.each([
    [true, false, 'marked required, so uv was not run'],
    [false, true, 'every hook failure is fatal, so uv was not run'],
  ])('makes a failure fatal (exit 124) when required=%s or strict=%s', async (required, strict, hint) => {
    const { ctx } = context(strict);
    const error = await runPreExec([{ name: 'h', required, preExec: async () => { throw new Error('no'); } }], ctx).catch((e) => e);
    expect(error).toBeInstanceOf(ShimError);
    expect(error).toMatchObject({ exitCode: 124 });
    expect(describeFailure((error as ShimError).failure).todo).toContain(hint);
  });

  it('says, when a required post-exit hook fails, that uv did run and how it ended', async () => {
    const { ctx } = context();
    const hook: Hook = { name: 'upload', required: true, postExit: async () => { throw new Error('no network'); } };
    const error = await runPostExit([hook], { ...ctx, result: { code: 3, signal: null } }).catch((e) => e);
    expect(error).toMatchObject({ exitCode: 124 });
    expect(failureMessage((error as ShimError).failure)).toBe('upload failed: no network');
    expect(describeFailure((error as ShimError).failure).todo).toContain('marked required, so uv ran and exited with 3, but the shim exits 124.');
  });

  it('collects a retry request from any post-exit hook', async () => {
    const { ctx } = context();
    const action = await runPostExit(
      [
        { name: 'r', required: false, postExit: async () => ({ retry: true }) },
        { name: 'quiet', required: false, postExit: async () => undefined },
      ],
      { ...ctx, result: { code: 1, signal: null } },
    );
    expect(action).toEqual({ retry: true });
  });

  it('skips a built-in whose module fails to load, with a warning', async () => {
    const { ctx, messages } = context();
    const builtins: BuiltinHook[] = [
      { name: 'missing', wants: () => true, load: async () => { throw new Error('Cannot find module'); } },
      { name: 'fine', wants: () => true, load: async () => ({ name: 'fine', required: false }) },
    ];
    const hooks = await collectHooks(ctx, builtins);
    expect(hooks.map((h) => h.name)).toEqual(['fine']);
    expect(messages.join('')).toContain('built-in missing could not be loaded (Cannot find module); uv runs without it.');
  });
});
