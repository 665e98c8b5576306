import type { Explanation, KilledFileFacts, MemoryFacts, RepairFacts } from './facts.js';

// The few styles the explanation uses; kleur (via colors() in log.ts) fits,
// and so does a set of identity functions when colour is off.
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const OUTSIDE = 'a timeout, a CI runner cancelling the job, or a `kill -9`';

// Facts in, lines out (at most ~15, no trailing newline): what died, the
// evidence, what the shim did, what the user can do. No I/O here, so the
// snapshot tests read exactly what users see.
export function renderText(e: Explanation, paint: Paint): string[] {
  const head = `${paint.red(paint.bold('uv-shim'))}: ${headline(e)}`;
  if (e.cause === 'macos-refused' && e.killed) return [head, ...macosLines(e, e.killed, paint)];
  return [head, ...linuxLines(e, paint)];
}

function headline(e: Explanation): string {
  const what =
    e.trigger === 'uv-killed'
      ? 'uv was killed by SIGKILL'
      : e.trigger === 'exit-137'
        ? 'uv exited with 137 (128 + SIGKILL)'
        : 'uv exited with 2: it could not query a Python interpreter';
  switch (e.cause) {
    case 'oom-killer':
      // The counter is per cgroup: it proves an OOM kill in there during the
      // run, most likely of the process that died, not which process it was.
      return `${what}: the kernel's OOM killer killed a process in its cgroup during the run.`;
    case 'macos-refused':
      return `${what}: macOS killed that Python (SIGKILL, no log).`;
    default:
      return e.trigger === 'exit-137'
        ? `${what}: the program it ran was killed by SIGKILL, or exited with 137 itself.`
        : `${what}; it could not report why itself.`;
  }
}

function linuxLines(e: Explanation, paint: Paint): string[] {
  const kill = e.trigger === 'exit-137' ? 'If it was killed, the SIGKILL' : 'The SIGKILL';
  if (e.cause === 'oom-killer' && e.memory) {
    return [
      `  Evidence: oom_kill in cgroup ${e.memory.cgroup} rose from ${e.memory.oomKillsBefore} to ${e.memory.oomKillsAfter} during the run (${limits(e.memory)}).`,
      `  ${paint.bold('Fix')}: give the job more memory (the container's or CI runner's limit), or make the program use less.`,
    ];
  }
  if (e.memory) {
    return [
      `  No memory limit was hit: oom_kill stayed at ${e.memory.oomKillsAfter} in cgroup ${e.memory.cgroup} (${limits(e.memory)}).`,
      `  ${kill} came from outside: ${OUTSIDE}.`,
    ];
  }
  const counters = e.platform === 'darwin' ? 'macOS has no cgroup memory counters' : 'no cgroup memory counters were readable here';
  return [
    `  Whether a memory limit was hit is unknown: ${counters}.`,
    `  ${kill} came from outside (${OUTSIDE}) or from the system running out of memory${e.platform === 'linux' ? ' (see `dmesg`)' : ''}.`,
  ];
}

function limits(m: MemoryFacts): string {
  const max = m.memoryMax === null ? 'no memory limit' : `memory limit ${mib(m.memoryMax)}`;
  const peak = m.memoryPeak === null ? '' : `, peak ${mib(m.memoryPeak)}`;
  return `cgroup v${m.cgroupVersion}, ${max}${peak}`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function macosLines(e: Explanation, k: KilledFileFacts, paint: Paint): string[] {
  const lines = [`  file:      ${k.file}${k.via && k.via !== k.file ? paint.dim(` (via ${k.via})`) : ''}`];
  if (e.retry !== 'retrying') {
    lines.push(
      `  xattrs:    com.apple.provenance ${k.provenance ? paint.yellow('present') : 'absent'}, com.apple.quarantine ${k.quarantine ? paint.yellow('present') : 'absent'}`,
      `  signature: ${signature(k, paint)}`,
      `  spctl:     ${k.spctl ?? 'not assessed'}`,
    );
  }
  lines.push(`  tried:     ${tried(e.repair, paint)}`);
  if (e.retry === 'retrying') return [...lines, '  Running your command again (once).'];
  if (e.repair?.helped) {
    return [...lines, `  Run your command again${e.retry === 'disabled' ? ': retry is off, so the shim did not' : ''}.`];
  }
  const [resign, ...rest] = e.fixes;
  lines.push(`  ${paint.bold('fix')}:       ${resign ?? ''}`);
  for (const fix of rest) lines.push(`             ${fix}`);
  lines.push(
    `  codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in`,
    `    System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:`,
    `    UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`${reinstall(k)}\`.`,
  );
  if (e.upstream) lines.push(paint.dim(`  context: uv issue 16726, ${e.upstream}`));
  return lines;
}

function signature(k: KilledFileFacts, paint: Paint): string {
  const s = k.signature;
  if (!s) return 'none (not signed at all)';
  const hashes = s.pageHashesValid === null ? 'page hashes not checked' : s.pageHashesValid ? 'page hashes valid' : paint.red('page hashes INVALID');
  return `${s.adhoc ? 'ad-hoc' : 'signed'}, TeamIdentifier ${s.teamId ?? 'not set'}, ${hashes}`;
}

function tried(r: RepairFacts | null, paint: Paint): string {
  if (!r || !r.attempted) return `nothing${r?.skipped ? `: ${r.skipped}` : ''}`;
  const what = r.commands.map(asTyped).join('; ') || 'a repair';
  if (r.blocked) return `${what}: ${paint.red('refused by the system')}${r.error ? ` (${r.error})` : ''}`;
  return `${what}: ${r.helped ? paint.green('it runs now') : paint.red('did not help')}`;
}

// The tool as a user types it: `/usr/bin/codesign --force …` → `codesign --force …`.
function asTyped(command: string): string {
  return command.replace(/^\S*\//, '');
}

// `uv python install --reinstall <version>` for a managed install, taken from
// its directory name (cpython-3.13.3-macos-aarch64-none → 3.13.3).
function reinstall(k: KilledFileFacts): string {
  const version = /cpython-(\d+\.\d+\.\d+[a-z0-9]*)/.exec(k.file)?.[1];
  return `uv python install --reinstall${version ? ` ${version}` : ''}`;
}
