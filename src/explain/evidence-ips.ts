// macOS crash reports (.ips, macOS 12 and later): a one-line JSON header,
// then the report body as one JSON object. Parsed here from text; reading
// the files is evidence.ts's job. Field names are those of the real reports
// quoted in test/explain/evidence-ips.test.ts.

// What a crash report says about one dead process.
export interface CrashReport {
  // "309" for a process crash or kill; other kinds are not about a process.
  bugType: string;
  // When macOS captured it (ms since the epoch), from the body's captureTime,
  // else the header's timestamp; null when neither parses.
  time: number | null;
  procName: string | null;
  procPath: string | null;
  pid: number | null;
  parentProc: string | null;
  parentPid: number | null;
  // exception.signal: "SIGKILL (Code Signature Invalid)", "SIGKILL", "SIGSEGV", …
  signal: string | null;
  // termination.namespace / code / indicator: "CODESIGNING", 2, "Invalid Page".
  namespace: string | null;
  code: number | null;
  indicator: string | null;
  codeSigningFlags: number | null;
}

// How macOS's code-signing enforcement killed it (what users find under
// "Gatekeeper"), or not at all.
export type KillKind =
  | 'taskgated'          // CODESIGNING code 1: the main executable's signature refused at exec
  | 'invalid-page'       // CODESIGNING code 2: a mapped page does not match its hash
  | 'launch-constraint'  // CODESIGNING code 4: launched from where its constraints forbid
  | 'codesigning'        // another CODESIGNING termination
  | 'not-codesigning';   // a crash or kill of another kind

// Parses one report; null when the text is not a crash report (no JSON
// header line, or a body that is not JSON).
export function parseIpsReport(text: string): CrashReport | null {
  const newline = text.indexOf('\n');
  if (newline === -1) return null;
  const header = objectOf(text.slice(0, newline));
  const body = objectOf(text.slice(newline + 1));
  if (!header || !body) return null;
  const exception = objectOf(body.exception);
  const termination = objectOf(body.termination);
  return {
    bugType: stringOf(header.bug_type) ?? '',
    time: parseIpsTime(stringOf(body.captureTime)) ?? parseIpsTime(stringOf(header.timestamp)),
    procName: stringOf(body.procName),
    procPath: stringOf(body.procPath),
    pid: numberOf(body.pid),
    parentProc: stringOf(body.parentProc),
    parentPid: numberOf(body.parentPid),
    signal: stringOf(exception?.signal),
    namespace: stringOf(termination?.namespace),
    code: numberOf(termination?.code),
    indicator: stringOf(termination?.indicator),
    codeSigningFlags: numberOf(body.codeSigningFlags),
  };
}

// The indicator is what macOS prints ("Taskgated Invalid Signature"); the
// code is the fallback when a release words it differently.
export function killKindOf(report: Pick<CrashReport, 'namespace' | 'code' | 'indicator'>): KillKind {
  if (report.namespace !== 'CODESIGNING') return 'not-codesigning';
  const indicator = (report.indicator ?? '').toLowerCase();
  if (indicator.includes('taskgated')) return 'taskgated';
  if (indicator.includes('invalid page')) return 'invalid-page';
  if (indicator.includes('launch constraint')) return 'launch-constraint';
  if (report.indicator) return 'codesigning';
  if (report.code === 1) return 'taskgated';
  if (report.code === 2) return 'invalid-page';
  if (report.code === 4) return 'launch-constraint';
  return 'codesigning';
}

// "2025-12-15 13:22:02.0660 +0800" (captureTime) or "2025-12-15 13:22:02.00
// +0800" (the header's timestamp) → ms since the epoch.
export function parseIpsTime(text: string | null): number | null {
  if (!text) return null;
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? ([+-])(\d\d)(\d\d)$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  return utc - offset;
}

function objectOf(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
