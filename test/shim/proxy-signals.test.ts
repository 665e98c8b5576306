import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FORWARDED_SIGNALS, proxySignals } from '../../src/shim/proxy-signals.js';

// A real child to forward to: `sleep` dies of any signal whose default action
// is to terminate, and ignores SIGWINCH.
function sleeper(): { child: ChildProcess; ended: Promise<NodeJS.Signals | null> } {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, ended };
}

// Delivers a signal to this process's listeners as Node does when one
// arrives (a real kill of the test worker would end it if a listener were
// missing). None of these signals has a listener in a vitest worker: checked
// first, so that emitting one can only reach the proxy's.
function arrive(signal: NodeJS.Signals): void {
  process.emit(signal, signal);
}

function proxied(isForeground: boolean) {
  const { child, ended } = sleeper();
  const reports: [NodeJS.Signals, boolean][] = [];
  const unproxy = proxySignals(child, () => isForeground, (signal, forwarded) => reports.push([signal, forwarded]));
  onTestFinished(unproxy);
  return { child, ended, reports, unproxy };
}

const raceWith = <T,>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms))]);

describe('proxySignals', () => {
  it('starts from no listeners of its own, and unproxy leaves none behind', () => {
    const signals = [...FORWARDED_SIGNALS, 'SIGINT' as const];
    for (const signal of signals) expect(process.listenerCount(signal), signal).toBe(0);
    const { unproxy } = proxied(false);
    for (const signal of signals) expect(process.listenerCount(signal), signal).toBe(1);
    unproxy();
    for (const signal of signals) expect(process.listenerCount(signal), signal).toBe(0);
  });

  // [signal, shim in the terminal's foreground group, forwarded, how the child ends]
  it.each<[NodeJS.Signals, boolean, boolean, NodeJS.Signals | 'still running']>([
    ['SIGTERM', false, true, 'SIGTERM'],
    ['SIGTERM', true, true, 'SIGTERM'],
    ['SIGHUP', false, true, 'SIGHUP'],
    ['SIGQUIT', false, true, 'SIGQUIT'],
    ['SIGUSR1', false, true, 'SIGUSR1'],
    ['SIGUSR2', false, true, 'SIGUSR2'],
    ['SIGALRM', false, true, 'SIGALRM'],
    ['SIGPIPE', false, true, 'SIGPIPE'],
    ['SIGWINCH', true, true, 'still running'],
    // A `kill -INT` aimed at the shim alone: nobody else got it.
    ['SIGINT', false, true, 'SIGINT'],
    // A Ctrl-C at the terminal: uv already has its own copy.
    ['SIGINT', true, false, 'still running'],
  ])('%s (foreground: %s): forwarded %s, child ends by %s', async (signal, foreground, forwarded, end) => {
    const { ended, reports } = proxied(foreground);
    arrive(signal);
    expect(reports).toEqual([[signal, forwarded]]);
    expect(await raceWith(ended, end === 'still running' ? 150 : 10_000)).toBe(end);
  });

  it('forwards nothing once unproxied', async () => {
    const { ended, reports, unproxy } = proxied(false);
    unproxy();
    arrive('SIGINT');
    arrive('SIGTERM');
    expect(reports).toEqual([]);
    expect(await raceWith(ended, 150)).toBe('still running');
  });

  it('survives a child that has already exited', async () => {
    const { child, ended, reports } = proxied(false);
    child.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    expect(() => arrive('SIGTERM')).not.toThrow();
    expect(reports).toEqual([['SIGTERM', true]]);
  });
});
