import type { ExitStatus } from './common/exit-status.js';
import type { ConfigProblem, UnsafeReason } from './config/types.js';

// The shim's own failures, as opposed to uv's (Volta's two kinds of failure):
// each kind carries the facts, and `describeFailure` in failure-text.ts is
// the one place that turns them into words. Nothing parses these words back:
// callers that need to know what went wrong read `kind` and the fields.
// The words are a module of their own so that the launcher's everyday path,
// on which nothing fails, does not load them (~11 KB of the bundle).
export type ShimFailure =
  // No real uv on PATH once the shims and launchers are skipped.
  | { kind: 'uv-not-found'; tool: string; searched: readonly string[]; skipped: readonly SkippedCandidate[] }
  // UV_SHIM_REAL_UV / UV_SHIM_REAL_UVX names a path that is missing, not an
  // executable file, or a uv-shim launcher.
  | { kind: 'override-unusable'; variable: string; path: string; problem: 'missing' | 'not-executable' | 'launcher' }
  // spawn(2) of uv failed; `errno` is Node's error code (ENOENT, EACCES, …).
  | { kind: 'uv-cannot-start'; file: string; errno: string | undefined; reason: string }
  // This shim was started by the shim that meant to run uv.
  | { kind: 'started-itself' }
  // Shims nested this deep: a loop through something that forks in between.
  | { kind: 'nested-too-deep'; depth: number }
  // A hook that must not fail did; `uv` is how uv ended, or null if it never ran.
  | { kind: 'hook-failed'; hook: string; reason: string; required: boolean; uv: ExitStatus | null }
  // The configuration has problems and strict is on.
  | { kind: 'config-invalid'; problems: readonly ConfigProblem[] }
  // The launcher in shims/ passed a tool other than uv or uvx.
  | { kind: 'launcher-broken'; tool: string | undefined }
  // `uv-shim` or one of its commands (undefined: the command word itself)
  // was called wrongly: what was wrong, and the command's usage line.
  | { kind: 'usage'; command: string | undefined; problem: UsageProblem; usage: string }
  // `uv-shim repair PATH…` named paths that are no Python it knows.
  | { kind: 'not-a-python'; command: string; paths: readonly string[] }
  // A command `uv-shim time` runs, or the perl that measures it on macOS
  // (`measurer`), could not be started; `errno` as for uv-cannot-start.
  | { kind: 'command-cannot-start'; command: string; file: string; errno: string | undefined; reason: string; measurer: boolean }
  // `uv-shim install` found files that are not uv-shim launchers where the
  // shims go (`tools`: their names in `dir`) and changed nothing.
  | { kind: 'install-refused'; dir: string; tools: readonly string[] }
  // `uv-shim trust` / `untrust` could not do what was asked.
  | { kind: 'trust-failed'; command: 'trust' | 'untrust'; problem: TrustProblem }
  // The operating system refused what a `uv-shim` command asked of it (a
  // Node system error: `errno` its code, `reason` its message).
  | { kind: 'system-refused'; command: string; errno: string; reason: string }
  // Anything the shim did not expect: a bug. `command`: the `uv-shim`
  // command it happened in, if any.
  | { kind: 'internal'; detail: string; command?: string };

// What was wrong with a `uv-shim` command line.
export type UsageProblem =
  | { kind: 'unknown-command'; given: string; near?: string }
  | { kind: 'unknown-option'; flag: string; near?: string }
  | { kind: 'takes-no-value'; option: string }
  | { kind: 'needs-value'; option: string; value: string }
  // A value outside its list (named in full): an option's (`option` set)
  // or a positional's.
  | { kind: 'not-a-choice'; option?: string; given: string; choices: readonly string[] }
  | { kind: 'missing-argument'; name: string | undefined }
  | { kind: 'unexpected-argument'; given: string };

// Why `uv-shim trust` / `untrust` stopped.
export type TrustProblem =
  | { kind: 'no-such-path'; path: string }
  | { kind: 'no-project-file'; dir: string }
  // No user ids on this platform (Windows): trust is recorded per user.
  | { kind: 'no-user-ids' }
  | { kind: 'never-read'; file: string; reason: UnsafeReason }
  // `detail`: the config loader's words for why it was not read.
  | { kind: 'unreadable'; file: string; detail: string }
  | { kind: 'invalid'; file: string; syntax: string; reason: string }
  | { kind: 'record-unwritable'; reason: string };

export type FailureKind = ShimFailure['kind'];

// A candidate for the real uv that was passed over, and why.
export interface SkippedCandidate {
  path: string;
  reason: string;
}

// The documented exit codes, in the README's order. What each means, as the
// README's table says it, is EXIT_CODE_MEANINGS in failure-text.ts.
export const EXIT = {
  notFound: 127,
  cannotExecute: 126,
  recursion: 125,
  hookFailed: 124,
  config: 78,
  internal: 70,
  usage: 2,
  refused: 1,
} as const;

// The exit code of each kind of failure.
export function exitCodeOfFailure(failure: ShimFailure): number {
  switch (failure.kind) {
    case 'uv-not-found':
      return EXIT.notFound;
    case 'override-unusable':
      return failure.problem === 'missing' ? EXIT.notFound : failure.problem === 'launcher' ? EXIT.recursion : EXIT.cannotExecute;
    case 'uv-cannot-start':
    case 'command-cannot-start':
      return failure.errno === 'ENOENT' ? EXIT.notFound : EXIT.cannotExecute;
    case 'started-itself':
    case 'nested-too-deep':
      return EXIT.recursion;
    case 'hook-failed':
      return EXIT.hookFailed;
    case 'config-invalid':
      return EXIT.config;
    case 'internal':
      return EXIT.internal;
    case 'launcher-broken':
    case 'usage':
    case 'not-a-python':
      return EXIT.usage;
    case 'install-refused':
    case 'trust-failed':
    case 'system-refused':
      return EXIT.refused;
  }
}

// A failure of the shim itself, thrown through the pipeline to the entry
// point, which prints it and exits with its code. The facts are in `failure`;
// the message names only the kind (what a stack trace needs): whoever shows
// the failure to a user words it with failure-text.ts.
export class ShimError extends Error {
  readonly failure: ShimFailure;

  constructor(failure: ShimFailure, options?: { cause?: unknown }) {
    super(failure.kind, options);
    this.name = 'ShimError';
    this.failure = failure;
  }

  get exitCode(): number {
    return exitCodeOfFailure(this.failure);
  }
}
