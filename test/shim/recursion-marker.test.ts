import { describe, expect, it } from 'vitest';
import { EXIT, ShimError } from '../../src/errors.js';
import { checkRecursion, MARKER_DEPTH, MARKER_PID, markChildEnv } from '../../src/shim/recursion.js';

// The marker as a shim with pid `pid` at depth `depth` leaves it on uv's
// environment; checkRecursion then runs in whatever process that uv starts.
const marked = (pid: string | undefined, depth: string | undefined): NodeJS.ProcessEnv => ({
  ...(pid === undefined ? {} : { [MARKER_PID]: pid }),
  ...(depth === undefined ? {} : { [MARKER_DEPTH]: depth }),
});

function outcome(env: NodeJS.ProcessEnv, ppid: number): 'runs' | number {
  try {
    checkRecursion(env, ppid);
    return 'runs';
  } catch (error) {
    if (error instanceof ShimError) return error.exitCode;
    throw error;
  }
}

describe('checkRecursion', () => {
  it.each<[string, NodeJS.ProcessEnv, number, 'runs' | number]>([
    ['no marker: started by a user', marked(undefined, undefined), 4000, 'runs'],
    // uv -> python -> shim: the marker's pid is a grandparent, not our parent.
    ['nested under `uv run`', marked('4000', '1'), 4100, 'runs'],
    // The shim spawned what it took for uv and got itself back.
    ['our parent is the shim that meant to run uv', marked('4000', '1'), 4000, EXIT.recursion],
    ['parent check comes before depth', marked('4000', '3'), 4000, EXIT.recursion],
    // The shim exec'd what it took for uv and got itself back, in its own process.
    ['the marker is our own pid', marked(String(process.pid), '1'), 4000, EXIT.recursion],
    // A wrapper that forks in between hides the parent; the depth cap stops it.
    ['15 deep', marked('1', '15'), 4000, 'runs'],
    ['16 deep', marked('1', '16'), 4000, EXIT.recursion],
    ['99 deep', marked('1', '99'), 4000, EXIT.recursion],
    // Garbage in the marker is ignored, never a reason to refuse.
    ['pid not a number', marked('abc', '1'), 4000, 'runs'],
    ['pid 0 never matches', marked('0', '1'), 0, 'runs'],
    ['negative pid', marked('-4000', '1'), -4000, 'runs'],
    ['fractional pid', marked('4000.5', '1'), 4000, 'runs'],
    ['depth not a number', marked('1', 'x'), 4000, 'runs'],
  ])('%s -> %s', (_what, env, ppid, expected) => {
    expect(outcome(env, ppid)).toBe(expected);
  });
});

describe('markChildEnv', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['first shim', {}, '1'],
    ['inside one shim', marked('10', '1'), '2'],
    ['inside fifteen', marked('10', '15'), '16'],
    ['garbage depth starts again', marked('10', 'x'), '1'],
  ])('%s: depth %s', (_what, env, depth) => {
    const child = markChildEnv({ ...env, KEEP: 'me' }, 4242);
    expect(child).toMatchObject({ KEEP: 'me', [MARKER_PID]: '4242', [MARKER_DEPTH]: depth });
  });

  it('leaves the caller\'s environment object alone', () => {
    const env = { PATH: '/bin' };
    markChildEnv(env, 1);
    expect(env).toEqual({ PATH: '/bin' });
  });

  it('round-trips: the child of a marked env is refused exactly when its parent is the marking shim', () => {
    const env = markChildEnv({}, 777);
    expect(outcome(env, 777)).toBe(EXIT.recursion);
    expect(outcome(env, 778)).toBe('runs');
    let deep: NodeJS.ProcessEnv = {};
    for (let i = 0; i < 16; i++) deep = markChildEnv(deep, 1000 + i);
    expect(outcome(deep, 1)).toBe(EXIT.recursion);
  });
});
