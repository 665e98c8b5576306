// Python one-liners for timing tests: one that burns a fixed amount of CPU
// time (measured by the process itself, so a busy machine stretches the wall
// time, not the work), and one that only waits.
export function burnCpu(seconds: number): string {
  return `import time\nt = time.process_time()\nwhile time.process_time() - t < ${seconds}: pass`;
}

export function sleepFor(seconds: number): string {
  return `import time; time.sleep(${seconds})`;
}

// "… wall 1.52 s, CPU 0.01 s (user 0.01 s + sys 0.00 s)…" → numbers in seconds.
export function parseTiming(line: string): { wall: number; cpu: number; user: number; sys: number } {
  const m = /wall ([\d.]+) s, CPU ([\d.]+) s \(user ([\d.]+) s \+ sys ([\d.]+) s\)/.exec(line);
  if (!m) throw new Error(`no timing line in: ${line}`);
  return { wall: Number(m[1]), cpu: Number(m[2]), user: Number(m[3]), sys: Number(m[4]) };
}
