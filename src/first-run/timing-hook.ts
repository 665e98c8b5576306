import { slot } from '../hooks/state.js';
import type { Hook } from '../hooks/types.js';
import { childrenCpuFromProc, cpuMethodFor, cpuSince, type CpuTimes } from './children-cpu-proc.js';
import { timingLine, wallOnlyLine } from './timing-report.js';

interface Start {
  t0: number;
  cpu: CpuTimes | undefined;
}

const START_KEY = slot<Start>('first-run:timing');

// UV_SHIM_TIMING=1: the shim's own spawn of uv is the measured child. On
// Linux the children's CPU comes from /proc/self/stat; on macOS the shim
// cannot read it without running uv under a wrapper, so it gives wall time
// only and points at `uv-shim time`.
export const timingHook: Hook = {
  name: 'timing',
  required: false,
  async preExec(ctx) {
    const cpu = cpuMethodFor() === 'proc' ? childrenCpuFromProc() : undefined;
    ctx.shared.set(START_KEY, { t0: performance.now(), cpu } satisfies Start);
  },
  async postExit(ctx) {
    const start = ctx.shared.get(START_KEY);
    if (!start) return;
    const wallMs = performance.now() - start.t0;
    const label = `uv-shim timing (${[ctx.tool, ...ctx.command.subcommand].join(' ')})`;
    const line = start.cpu ? timingLine(label, wallMs, cpuSince(start.cpu, childrenCpuFromProc())) : wallOnlyLine(label, wallMs);
    // Asked for explicitly, so printed whatever the log level; stderr only.
    process.stderr.write(`${line}\n`);
    // A retry is measured on its own.
    ctx.shared.set(START_KEY, { t0: performance.now(), cpu: start.cpu ? childrenCpuFromProc() : undefined } satisfies Start);
  },
};
