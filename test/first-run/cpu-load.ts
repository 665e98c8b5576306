// Python one-liners for timing tests: one that burns a fixed amount of CPU
// time (measured by the process itself, so a busy machine stretches the wall
// time, not the work), and one that only waits.
export function burnCpu(seconds: number): string {
  return `import time\nt = time.process_time()\nwhile time.process_time() - t < ${seconds}: pass`;
}

// The same, printing on stdout how much wall time the loop itself took: the
// program's own view of whether the machine let it run.
export function burnCpuReportingWall(seconds: number): string {
  return `import time\nw = time.perf_counter()\n${burnCpu(seconds)}\nprint(f"{time.perf_counter() - w:.3f}")`;
}

// Runs a computing command until one run was not starved of CPU by other
// work on the machine (its own wall time within 1.5× its CPU time), and
// returns that run; wall ≈ CPU can only be asserted on such a run.
export async function uncontendedRun<T extends { stdout: Buffer }>(seconds: number, start: () => Promise<T>): Promise<T> {
  const walls: number[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = await start();
    const wall = Number(r.stdout.toString().trim());
    if (wall < 1.5 * seconds) return r;
    walls.push(wall);
  }
  throw new Error(`the machine was too busy: ${seconds} s of computing took ${walls.join(', ')} s of wall time in every run`);
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
