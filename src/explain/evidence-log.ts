// The unified log's word on a code-signing kill, from the output of
// `log show --style ndjson`: one JSON object per line, the kernel's text in
// eventMessage. The kernel names the file whose page it rejected (XNU's
// vm_fault.c: `CODE SIGNING: process %d[%s]: rejecting invalid page at
// address 0x%llx from offset 0x%llx in file "%s%s%s" …`; a path too long for
// its buffer is printed as its start, "/.../" and the file name).

// One kernel line about a code-signing kill.
export interface LogFinding {
  pid: number | null;
  procName: string | null;
  // The file named, or null when the line names only the process.
  file: string | null;
  // The kernel shortened the path ("/.../" inside): the name is exact, the
  // directory is not.
  truncated: boolean;
  // The eventMessage as logged.
  line: string;
  // The entry's timestamp as logged ("2023-03-15 21:41:04.947811+0100").
  timestamp: string | null;
}

// The predicate handed to `log show`: only the kernel's code-signing lines.
export const LOG_PREDICATE = 'eventMessage CONTAINS "CODE SIGNING" OR eventMessage CONTAINS "code signature error"';

const INVALID_PAGE = /CODE SIGNING: process (\d+)\[([^\]]*)\]: rejecting invalid page .*? in file "([^"]*)"/;
const CS_INVALID_PAGE = /CODE SIGNING: cs_invalid_page\([^)]*\): p=(\d+)\[([^\]]*)\]/;
const LOAD_ERROR = /(?:proc (\d+): )?load code signature error \d+ for file "([^"]*)"/;

// Every code-signing line in the output, in order. Lines that are not JSON
// (a header, a warning) are skipped.
export function parseLogNdjson(text: string): LogFinding[] {
  const found: LogFinding[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    let entry: { eventMessage?: unknown; timestamp?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (typeof entry.eventMessage !== 'string') continue;
    const finding = parseKernelMessage(entry.eventMessage);
    if (finding) found.push({ ...finding, timestamp: typeof entry.timestamp === 'string' ? entry.timestamp : null });
  }
  return found;
}

// One kernel message, or null when it is not about a code-signing kill.
export function parseKernelMessage(message: string): Omit<LogFinding, 'timestamp'> | null {
  const page = INVALID_PAGE.exec(message);
  if (page) {
    const file = page[3]!;
    return { pid: Number(page[1]), procName: page[2]!, file, truncated: file.includes('/.../'), line: message };
  }
  const load = LOAD_ERROR.exec(message);
  if (load) {
    const file = load[2]!;
    return { pid: load[1] ? Number(load[1]) : null, procName: null, file, truncated: !file.startsWith('/'), line: message };
  }
  const status = CS_INVALID_PAGE.exec(message);
  if (status) return { pid: Number(status[1]), procName: status[2]!, file: null, truncated: false, line: message };
  return null;
}

// The finding that names the file for a kill of `pid` (or of any process
// when pid is unknown): a line with a file beats one without.
export function findingFor(findings: LogFinding[], pid: number | null): LogFinding | null {
  const mine = pid === null ? findings : findings.filter((f) => f.pid === pid || f.pid === null);
  return mine.find((f) => f.file !== null && !f.truncated) ?? mine.find((f) => f.file !== null) ?? mine[0] ?? null;
}

// `log` fails this way without access to the log store (a sandbox, some CI
// runners): say so and go on.
export function logStoreError(stderr: string): string | null {
  const line = stderr.split('\n').find((l) => /could not open local log store|not permitted|must be admin/i.test(l));
  return line ? line.trim() : null;
}
