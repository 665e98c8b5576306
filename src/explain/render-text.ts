import type { EvidenceFacts, Explanation, KilledFileFacts, MemoryFacts, RepairFacts } from './facts.js';
import { outcomeSummary } from '../guard/repair-text.js';

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
  if (e.cause === 'macos-refused' && e.evidence) return [head, ...evidenceLines(e.evidence, paint)];
  if (e.cause === 'interpreter-killed' && e.killed) return [head, ...probeKilledLines(e.killed, paint)];
  if (e.platform === 'darwin' && e.evidence) return [head, ...noReportLines(e, e.evidence)];
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
      return `${what}: ${macosVerdict(e)}`;
    case 'interpreter-killed':
      return `${what}: the Python it asked is killed by SIGKILL as it starts.`;
    default:
      return e.trigger === 'exit-137'
        ? `${what}: the program it ran was killed by SIGKILL, or exited with 137 itself.`
        : `${what}; it could not report why itself.`;
  }
}

// What macOS said, in the words users search for (Gatekeeper) next to the
// mechanism that acted.
function macosVerdict(e: Explanation): string {
  const ev = e.evidence;
  const name = ev?.report?.procName ?? 'that Python';
  const file = ev?.file ? baseName(ev.file) : null;
  switch (ev?.kind) {
    case 'taskgated':
      return `macOS refused to run ${name} (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature").`;
    case 'invalid-page':
      return `macOS killed ${name} for an invalid page${file ? ` in ${file}` : ''} (Gatekeeper's code-signing enforcement: "Invalid Page").`;
    case 'launch-constraint':
      return `macOS refused to launch ${name} (Gatekeeper: "Launch Constraint Violation").`;
    case 'codesigning':
      return `macOS killed ${name} for its code signature (Gatekeeper's code-signing enforcement: "${ev.report?.indicator ?? 'CODESIGNING'}").`;
    default:
      if (ev && !ev.report && ev.fileFrom === 'check' && file) {
        return `macOS wrote no crash report for this run, but it refuses ${file} as it is now (Gatekeeper's code-signing enforcement): ${e.killed?.reason ?? 'it no longer matches its signature'}.`;
      }
      return ev && !ev.report
        ? 'macOS kills that Python on start (Gatekeeper\'s code-signing enforcement; SIGKILL, no crash report for this run).'
        : 'macOS killed that Python (Gatekeeper\'s code-signing enforcement; SIGKILL).';
  }
}

// The report and the log line, as evidence (at most three lines).
function reportLines(ev: EvidenceFacts, paint: Paint): string[] {
  const r = ev.report;
  if (!r) return [];
  const termination = `${r.namespace ?? 'no namespace'}${r.code !== null ? ` code ${r.code}` : ''}${r.indicator ? `, "${r.indicator}"` : ''}`;
  const lines = [`  macOS:     ${termination} for ${r.procName ?? '?'} (pid ${r.pid ?? '?'}), ${paint.dim(r.path)}`];
  if (ev.log.line) lines.push(`  log:       ${clip(ev.log.line)}`);
  else if (ev.log.asked) lines.push(`  log:       ${ev.log.error ? `not readable (${ev.log.error})` : 'no kernel line names the file'}`);
  return lines;
}

function evidenceLines(ev: EvidenceFacts, paint: Paint): string[] {
  return [
    ...reportLines(ev, paint),
    `  file:      ${ev.file ?? 'not named by macOS'}`,
    `  ${paint.bold('fix')}:       re-sign what it loads: \`uv-shim repair\`, or \`codesign --force --sign - <file>\` on the file the log names.`,
  ];
}

// No crash report: the kernel's code-signing enforcement writes one for
// every process it kills, and a user-space `kill -9` writes none.
function noReportLines(e: Explanation, ev: EvidenceFacts): string[] {
  const kill = e.trigger === 'exit-137' ? 'If it was killed, the SIGKILL' : 'The SIGKILL';
  if (ev.report) {
    const r = ev.report;
    return [
      `  macOS's crash report: ${r.signal ?? 'no signal'}, termination ${r.namespace ?? 'none'}${r.indicator ? ` "${r.indicator}"` : ''} for ${r.procName ?? '?'} (${r.path}).`,
      `  That is not Gatekeeper or code signing; see the report for the cause.`,
    ];
  }
  return [
    `  macOS wrote no crash report for this run in ${ev.reportsDir}: not Gatekeeper or code signing.`,
    `  ${kill} came from outside: a \`kill -9\`, a timeout, or memory pressure.`,
  ];
}

// Linux (or anywhere): uv's probe of the interpreter died of SIGKILL, which
// the guard's own probe saw too.
function probeKilledLines(k: KilledFileFacts, paint: Paint): string[] {
  return [
    `  file:      ${k.file}${k.via && k.via !== k.file ? paint.dim(` (via ${k.via})`) : ''}`,
    `  The shim's own probe (\`${baseName(k.file)} -I -S -c ''\`) is killed the same way: ${k.reason}.`,
    `  Something on this system kills it on start: a security policy, a memory limit, or a broken install.`,
    `  ${paint.bold('fix')}:       run it by hand to see; or reinstall it (\`${reinstall(k)}\`).`,
  ];
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// A log line can be long (the kernel prints mtimes and flags after the path).
function clip(line: string): string {
  return line.length > 220 ? `${line.slice(0, 219)}…` : line;
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
  const lines = [
    ...(e.evidence ? reportLines(e.evidence, paint) : []),
    `  file:      ${k.file}${k.via && k.via !== k.file ? paint.dim(` (via ${k.via})`) : ''}`,
  ];
  if (e.retry !== 'retrying') {
    lines.push(
      `  xattrs:    com.apple.provenance ${k.provenance ? paint.yellow('present') : 'absent'}, com.apple.quarantine ${k.quarantine ? paint.yellow('present') : 'absent'}`,
      `  signature: ${signature(k, paint)}`,
    );
    // macOS's own report, when there is one, says more than spctl does.
    if (!e.evidence?.report) lines.push(`  spctl:     ${k.spctl ?? 'not assessed'}`);
  }
  lines.push(`  tried:     ${tried(e.repair, paint)}`);
  if (e.retry === 'retrying') return [...lines, '  Running your command again (once).'];
  if (e.repair?.status === 'repaired') {
    return [...lines, `  Run your command again${e.retry === 'disabled' ? ': retry is off, so the shim did not' : ''}.`];
  }
  if (e.evidence?.kind === 'launch-constraint') {
    return [
      ...lines,
      '  Launch constraints (macOS 13 and later) say where a program may live and what may start it: this',
      '  is not about its signature bytes, so re-signing does not help, and neither does removing xattrs.',
      `  ${paint.bold('fix')}:       start it the way its vendor ships it: from its own location, by its own app or`,
      '             launcher, not copied elsewhere or started directly by uv; `codesign -d -vvvv` shows its constraints.',
    ];
  }
  if (e.evidence?.kind === 'taskgated') {
    lines.push('  Removing com.apple.provenance alone does not help: macOS remembers the rejected code until it is re-signed.');
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
  if (!r) return 'nothing';
  const { text, verdict } = outcomeSummary(r);
  if (verdict === 'runs') return `${text}: ${paint.green('it runs now')}`;
  if (verdict === 'refused') return `${text}: ${paint.red('refused by the system')}`;
  if (verdict === 'failed') return `${text}: ${paint.red('did not help')}`;
  return text;
}

// `uv python install --reinstall <version>` for a managed install, taken from
// its directory name (cpython-3.13.3-macos-aarch64-none → 3.13.3).
function reinstall(k: KilledFileFacts): string {
  // A package's file: a fresh copy from uv's cache.
  if (k.file.includes('/site-packages/')) return 'uv sync --reinstall';
  const version = /cpython-(\d+\.\d+\.\d+[a-z0-9]*)/.exec(k.file)?.[1];
  return `uv python install --reinstall${version ? ` ${version}` : ''}`;
}
