import type { ExitStatus } from '../../common/exit-status.js';
import { childrenCpuFromProc, cpuMethodFor, cpuSince, type CpuMethod, type CpuTimes } from '../../first-run/children-cpu-proc.js';
import { spawnUv } from '../../shim/spawn-uv.js';

export interface TimedRun {
  result: ExitStatus;
  wallMs: number;
  cpu: CpuTimes;
  method: CpuMethod;
}

// `uv-shim time`'s run: the command with the caller's stdio, through the
// shim's own spawn and signal forwarding, measuring wall time against the
// CPU time (user + sys) of its whole process tree.
export async function runTimed(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; method?: CpuMethod },
): Promise<TimedRun> {
  const method = options.method ?? cpuMethodFor();
  if (method === 'perl') {
    const { runUnderPerl } = await import('./children-cpu-perl.js');
    const t0 = performance.now();
    const { result, cpu } = await runUnderPerl(file, args, options);
    return { result, cpu, wallMs: performance.now() - t0, method };
  }
  const before = childrenCpuFromProc();
  const t0 = performance.now();
  const result = await spawnUv({ file, args, env: options.env, cwd: options.cwd });
  const wallMs = performance.now() - t0;
  return { result, wallMs, cpu: cpuSince(before, childrenCpuFromProc()), method };
}
