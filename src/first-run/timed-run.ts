import type { ExitStatus } from '../common/exit-status.js';
import { spawnUv } from '../shim/spawn-uv.js';
import { childrenCpuFromProc, cpuSince, type CpuTimes } from './children-cpu-proc.js';

export type CpuMethod = 'proc' | 'perl';

export interface TimedRun {
  result: ExitStatus;
  wallMs: number;
  cpu: CpuTimes;
  method: CpuMethod;
}

// How the children's CPU time is read on this kernel: /proc on Linux; the
// perl wrapper elsewhere (macOS), where Node has no way to ask for it.
export function cpuMethodFor(platform: NodeJS.Platform = process.platform): CpuMethod {
  return platform === 'linux' ? 'proc' : 'perl';
}

// Runs a command with the caller's stdio and measures wall time against the
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
