import { formatSeconds } from './cost.js';
import type { CpuTimes } from './children-cpu-proc.js';

// "Waiting, not computing": wall time at least three times the CPU time and
// at least half a second more. The user in uv issue 17371 saw 21.7 s wall
// against 3.4 s CPU on the first run after `uv sync`, and wall ≈ CPU after.
export const WAITING_RATIO = 3;
export const WAITING_MIN_GAP_MS = 500;

export function isWaiting(wallMs: number, cpu: CpuTimes): boolean {
  const cpuMs = cpu.userMs + cpu.sysMs;
  return wallMs - cpuMs >= WAITING_MIN_GAP_MS && wallMs >= WAITING_RATIO * cpuMs;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : formatSeconds(ms / 1000);
}

// One line: wall against CPU, and the verdict when it is mostly waiting.
export function timingLine(label: string, wallMs: number, cpu: CpuTimes): string {
  const cpuMs = cpu.userMs + cpu.sysMs;
  const base = `${label}: wall ${seconds(wallMs)}, CPU ${seconds(cpuMs)} (user ${seconds(cpu.userMs)} + sys ${seconds(cpu.sysMs)})`;
  if (!isWaiting(wallMs, cpu)) return base;
  const ratio = cpuMs >= 10 ? `wall is ${(wallMs / cpuMs).toFixed(1)}× CPU` : 'next to no CPU time';
  return `${base}: waiting, not computing (${ratio}). On macOS after \`uv sync\` this is usually first-load validation of new native libraries, or a security scanner: see docs/first-run.md.`;
}

// When only the wall time could be measured (a shim run on macOS).
export function wallOnlyLine(label: string, wallMs: number): string {
  return `${label}: wall ${seconds(wallMs)}; CPU time of uv's process tree is not readable from inside the shim on macOS: run \`uv-shim time -- uv …\` to compare.`;
}
