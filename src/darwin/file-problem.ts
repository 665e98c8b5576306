// Why a file could not be inspected, as facts: the one place they become
// words is `fileProblemText` below (what `uv-shim inspect` prints, and the
// reason a verdict gives). Callers that need to know what went wrong read
// `kind` and the fields, never the words.
export type FileProblem =
  // open(2), fstat(2) or read(2) failed: `errno` is Node's code (ENOENT,
  // EACCES, …) when the system gave one, `detail` the system's words.
  | { kind: 'cannot-open'; path: string; errno: string | null; detail: string }
  // A directory, FIFO, device or socket: only regular files are read.
  | { kind: 'not-regular'; path: string }
  // Larger than any binary macOS runs that uv-shim reads (`limit` bytes).
  | { kind: 'too-large'; path: string; size: number; limit: number }
  // Mach-O magic, then structures the reader cannot accept: `detail` is
  // the reader's account of where.
  | { kind: 'malformed'; path: string; detail: string }
  // The file was read, its extended attributes could not be listed.
  | { kind: 'xattrs-unlisted'; path: string; errno: string | null; detail: string };

// The file itself could not be read (missing, not a regular file, no
// permission, too large): nothing about it is known.
export function isUnreadable(problem: FileProblem | null): boolean {
  return problem !== null && (problem.kind === 'cannot-open' || problem.kind === 'not-regular' || problem.kind === 'too-large');
}

// The one place a file problem becomes words.
export function fileProblemText(problem: FileProblem): string {
  switch (problem.kind) {
    case 'cannot-open':
      return `cannot read ${problem.path}: ${problem.detail}${problem.errno ? ` (${problem.errno})` : ''}`;
    case 'not-regular':
      return `cannot read ${problem.path}: not a regular file`;
    case 'too-large':
      return `cannot read ${problem.path}: ${problem.size} bytes is larger than any binary uv-shim inspects (${problem.limit})`;
    case 'malformed':
      return `malformed Mach-O: ${problem.detail}`;
    case 'xattrs-unlisted':
      return `cannot list extended attributes: ${problem.detail}${problem.errno ? ` (${problem.errno})` : ''}`;
  }
}
