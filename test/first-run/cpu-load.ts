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
// work on the machine (its own wall time within 2× its CPU time) and returns
// that run: wall ≈ CPU can only be asserted on such a run. Returns the wall
// times seen instead when every run was starved (a loaded machine: the test
// is then skipped, saying so, rather than judged).
export async function uncontendedRun<T extends { stdout: Buffer }>(
  seconds: number,
  start: () => Promise<T>,
): Promise<{ run: T } | { starvedWalls: number[] }> {
  const walls: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const r = await start();
    const wall = Number(r.stdout.toString().trim());
    if (wall < 2 * seconds) return { run: r };
    walls.push(wall);
  }
  return { starvedWalls: walls };
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
