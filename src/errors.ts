import type { ExitStatus } from './common/exit-status.js';
import { formatProblem } from './config/format-problem.js';
import type { ConfigProblem } from './config/types.js';

// The shim's own failures, as opposed to uv's (Volta's two kinds of failure):
// each kind carries the facts, and `describeFailure` below is the one place
// that turns them into words. Nothing parses these words back: callers that
// need to know what went wrong read `kind` and the fields.
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
  // `uv-shim` or one of its commands was called wrongly: the problem, a
  // suggestion (a near miss), the usage line and where to read more.
  | { kind: 'usage'; command: string | undefined; problem: string; hint?: string; usage: string; more: string }
  // Anything the shim did not expect: a bug.
  | { kind: 'internal'; detail: string };

export type FailureKind = ShimFailure['kind'];

// A candidate for the real uv that was passed over, and why.
export interface SkippedCandidate {
  path: string;
  reason: string;
}

// The documented exit codes, in the README's order. The README's table is
// checked against this one by a test.
export const EXIT = {
  notFound: 127,
  cannotExecute: 126,
  recursion: 125,
  hookFailed: 124,
  config: 78,
  internal: 70,
  usage: 2,
} as const;

export const EXIT_CODE_MEANINGS: readonly { code: number; meaning: string }[] = [
  {
    code: EXIT.notFound,
    meaning:
      'no real uv found (the message lists every directory searched and what was skipped), or `UV_SHIM_REAL_UV` names a missing file, or uv\'s interpreter line points nowhere',
  },
  { code: EXIT.cannotExecute, meaning: 'uv was found but cannot be executed (permissions, not a program for this machine)' },
  {
    code: EXIT.recursion,
    meaning: 'a loop: the shim would have run itself (a wrapper around a shim, `UV_SHIM_REAL_UV` naming a launcher, or nesting 16 deep)',
  },
  {
    code: EXIT.hookFailed,
    meaning:
      'a hook marked `required` (or any hook under `strict`) failed: before uv, so uv was not run; or after uv, replacing uv\'s exit status (the message says how uv ended)',
  },
  { code: EXIT.config, meaning: 'the configuration has problems and `strict` is on' },
  { code: EXIT.internal, meaning: 'an internal error in the shim (please report it; `UV_SHIM_BYPASS=1` runs uv without the shim)' },
  { code: EXIT.usage, meaning: 'usage error of a `uv-shim` subcommand, or a broken launcher' },
];

// The exit code of each kind of failure.
export function exitCodeOfFailure(failure: ShimFailure): number {
  switch (failure.kind) {
    case 'uv-not-found':
      return EXIT.notFound;
    case 'override-unusable':
      return failure.problem === 'missing' ? EXIT.notFound : failure.problem === 'launcher' ? EXIT.recursion : EXIT.cannotExecute;
    case 'uv-cannot-start':
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
      return EXIT.usage;
  }
}

// What happened (one line, then any detail lines), and what to do about it.
export interface FailureText {
  happened: string;
  details?: string[];
  todo: string;
}

// The one place the shim's failures become words.
export function describeFailure(failure: ShimFailure): FailureText {
  switch (failure.kind) {
    case 'uv-not-found': {
      const searched = failure.searched.length ? failure.searched.map((e) => `  ${e}`) : ['  (PATH is empty)'];
      const skipped = failure.skipped.length ? ['Skipped:', ...failure.skipped.map((s) => `  ${s.path}: ${s.reason}`)] : [];
      return {
        happened: `no real \`${failure.tool}\` found on PATH.`,
        details: ['Searched:', ...searched, ...skipped],
        todo:
          'Install uv (https://docs.astral.sh/uv/getting-started/installation/) so that it is on PATH after the shim directory,\n' +
          'or set UV_SHIM_REAL_UV=/path/to/uv.',
      };
    }
    case 'override-unusable': {
      const { variable, path } = failure;
      if (failure.problem === 'launcher') {
        return {
          happened: `${variable} names ${path}, which is a uv-shim launcher, not the real uv.`,
          todo: `Point ${variable} at the real uv binary, or unset it to search PATH.`,
        };
      }
      return {
        happened: `${variable} names ${path}, which ${failure.problem === 'missing' ? 'does not exist' : 'is not an executable file'}.`,
        todo: `Point ${variable} at the real uv binary (\`uv-shim doctor\` shows the one on PATH), or unset it to search PATH.`,
      };
    }
    case 'uv-cannot-start': {
      const { file, errno } = failure;
      if (errno === 'ENOENT') {
        return {
          happened: `could not start ${file}: it, or the interpreter its first line names, does not exist (ENOENT).`,
          todo: 'The uv binary was removed or its interpreter line points nowhere. Reinstall uv, or set UV_SHIM_REAL_UV.',
        };
      }
      if (errno === 'EACCES' || errno === 'ENOEXEC' || errno === 'EPERM') {
        return {
          happened: `could not start ${file}: permission denied or not an executable (${errno}).`,
          todo: `Check the file's permissions (chmod +x ${file}) and that it is a uv binary for this machine.`,
        };
      }
      return {
        happened: `could not start ${file}: ${failure.reason}.`,
        todo: 'Run with UV_SHIM_LOG=debug for details, or UV_SHIM_BYPASS=1 to run uv without the shim.',
      };
    }
    case 'started-itself':
      return {
        happened: 'the shim started itself instead of the real uv (its parent is a uv-shim that was about to run uv).',
        todo:
          'The "real uv" the shim found is another uv-shim launcher or a wrapper around one.\n' +
          'Run `uv-shim doctor` to see which files are on PATH, then set UV_SHIM_REAL_UV=/path/to/real/uv\n' +
          'or remove the extra shim directory or the wrapper from PATH.',
      };
    case 'nested-too-deep':
      return {
        happened: `uv-shim is nested ${failure.depth} levels deep; this looks like a loop.`,
        todo: 'Run `uv-shim doctor` to check PATH for shim directories and wrapper scripts, or set UV_SHIM_REAL_UV.',
      };
    case 'hook-failed': {
      const outcome = failure.uv
        ? `uv ran and ${failure.uv.signal ? `died of ${failure.uv.signal}` : `exited with ${failure.uv.code}`}, but the shim exits ${EXIT.hookFailed}`
        : 'uv was not run';
      return {
        happened: `${failure.hook} failed: ${failure.reason}`,
        todo: failure.required
          ? `This hook is marked required, so ${outcome}. Fix the hook, or set "required": false in its config.`
          : `strict is on (UV_SHIM_STRICT=1 or "strict": true in a config file): every hook failure is fatal, so ${outcome}. ` +
            'Turn it off to warn and carry on.',
      };
    }
    case 'config-invalid':
      return {
        happened: `the configuration has ${failure.problems.length} problem(s):`,
        details: failure.problems.map((p) => `  ${formatProblem(p)}`),
        todo:
          'Fix the settings named above. strict is on (UV_SHIM_STRICT=1 or "strict": true in a config file), which makes\n' +
          'this fatal; without it the shim warns, ignores them and runs uv.',
      };
    case 'launcher-broken':
      return {
        happened: `the launcher passed an unknown tool ${JSON.stringify(failure.tool)}.`,
        todo: 'Reinstall the shims with `uv-shim install`.',
      };
    case 'usage':
      return { happened: `${failure.problem}${failure.hint ? `; ${failure.hint}` : '.'}`, todo: `${failure.usage}\n${failure.more}` };
    case 'internal':
      return { happened: failure.detail, todo: 'Please report this. UV_SHIM_BYPASS=1 runs uv without the shim.' };
  }
}

// What happened, with its detail lines: an error's message.
export function failureMessage(failure: ShimFailure): string {
  const { happened, details } = describeFailure(failure);
  return [happened, ...(details ?? [])].join('\n');
}

// The whole message as stderr shows it: what happened, a blank line, what to do.
export function formatFailure(failure: ShimFailure): string {
  const { todo } = describeFailure(failure);
  const who = failure.kind === 'usage' && failure.command ? `uv-shim ${failure.command}` : 'uv-shim';
  const label = failure.kind === 'internal' ? 'internal error' : 'error';
  return `${who}: ${label}: ${failureMessage(failure)}\n\n${todo}\n`;
}

// A failure of the shim itself, thrown through the pipeline to the entry
// point, which prints it and exits with its code. The facts are in `failure`.
export class ShimError extends Error {
  readonly failure: ShimFailure;

  constructor(failure: ShimFailure, options?: { cause?: unknown }) {
    super(failureMessage(failure), options);
    this.name = 'ShimError';
    this.failure = failure;
  }

  get exitCode(): number {
    return exitCodeOfFailure(this.failure);
  }
}

// Markdown for the README's table of exit codes.
export function exitCodeTable(): string {
  return ['| Code | Meaning |', '| --- | --- |', ...EXIT_CODE_MEANINGS.map((e) => `| ${e.code} | ${e.meaning} |`)].join('\n');
}
