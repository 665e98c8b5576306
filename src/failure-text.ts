import { join } from 'node:path';
import { describeUnsafe, formatProblem } from './config/format-problem.js';
import { EXIT, type ShimFailure, type TrustProblem, type UsageProblem } from './errors.js';

// The words of the shim's failures (errors.ts has their kinds and exit
// codes): loaded by whoever reports one, never on a run where nothing fails.

// What each exit code in EXIT means, in the README's order. The README's
// table is checked against this one by a test.
export const EXIT_CODE_MEANINGS: readonly { code: number; meaning: string }[] = [
  {
    code: EXIT.notFound,
    meaning:
      'no real uv found (the message lists every directory searched and what was skipped), or `UV_SHIM_REAL_UV` names a missing file, or uv\'s interpreter line points nowhere; for `uv-shim time`, the command was not found',
  },
  { code: EXIT.cannotExecute, meaning: 'uv (or the command `uv-shim time` runs) was found but cannot be executed (permissions, not a program for this machine)' },
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
  { code: EXIT.internal, meaning: 'an internal error in the shim or a `uv-shim` command (please report it; `UV_SHIM_BYPASS=1` runs uv without the shim)' },
  { code: EXIT.usage, meaning: 'usage error of a `uv-shim` subcommand (`repair` naming a path that is no Python included), or a broken launcher' },
  {
    code: EXIT.refused,
    meaning:
      'a `uv-shim` command could not do what was asked: `install` found a file that is not a uv-shim launcher where a shim goes, `trust`/`untrust` found no config file or one it cannot trust, or the system refused a file operation (the message names it)',
  },
];

// Why a program could not be started, from spawn(2)'s errno.
function cannotStart(file: string, errno: string | undefined, reason: string): string {
  if (errno === 'ENOENT') return `could not start ${file}: it, or the interpreter its first line names, does not exist (ENOENT).`;
  if (errno === 'EACCES' || errno === 'ENOEXEC' || errno === 'EPERM') return `could not start ${file}: permission denied or not an executable (${errno}).`;
  return `could not start ${file}: ${reason}.`;
}

// What was wrong with a command line, as the first line of a usage error.
function usageProblemText(command: string | undefined, p: UsageProblem): string {
  switch (p.kind) {
    case 'unknown-command':
      return `unknown command ${JSON.stringify(p.given)}${p.near ? `; did you mean \`uv-shim ${command ? `${command} ` : ''}${p.near}\`?` : '.'}`;
    case 'unknown-option':
      return `unknown option ${JSON.stringify(p.flag)}${p.near ? `; did you mean ${p.near}?` : '.'}`;
    case 'takes-no-value':
      return `--${p.option} takes no value.`;
    case 'needs-value':
      return `--${p.option} needs a value (${p.value}).`;
    case 'not-a-choice':
      if (p.option) return `--${p.option} must be one of ${p.choices.join(', ')}, not ${JSON.stringify(p.given)}.`;
      return `${JSON.stringify(p.given)} is not one of ${p.choices.join(', ')}.`;
    case 'missing-argument':
      return `missing ${p.name ?? 'an argument'}.`;
    case 'unexpected-argument':
      return `unexpected argument ${JSON.stringify(p.given)}.`;
  }
}

function trustProblemText(command: 'trust' | 'untrust', p: TrustProblem): FailureText {
  const more = `Run \`uv-shim help ${command}\` for more.`;
  switch (p.kind) {
    case 'no-such-path':
      return { happened: `${p.path} does not exist.`, todo: `Name a project config file, or a directory it applies in. ${more}` };
    case 'no-project-file':
      return {
        happened: `no project config file applies in ${p.dir} (looked there and in its parents).`,
        todo: `Name the file, or run this in the project. ${more}`,
      };
    case 'no-user-ids':
      return { happened: 'this platform has no user ids; trust does not apply.', todo: 'Project config files apply here without it.' };
    case 'never-read':
      return {
        happened: `${p.file} is never read: ${describeUnsafe(p.reason)}.`,
        todo: 'Only a file that you or root own, and that nobody else can write, can be trusted.',
      };
    case 'unreadable':
      return { happened: `${p.file} ${p.detail}.`, todo: 'Only a regular config file that can be read can be trusted.' };
    case 'invalid':
      return { happened: `${p.file} is not valid ${p.syntax}: ${p.reason}.`, todo: 'Fix the file first, then trust it.' };
    case 'record-unwritable':
      return {
        happened: `could not write the trust record: ${p.reason}.`,
        todo: "Check that uv-shim's cache directory (UV_SHIM_CACHE_DIR, or `uv-shim cache` shows it) is yours and writable.",
      };
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
      const happened = cannotStart(file, errno, failure.reason);
      if (errno === 'ENOENT') {
        return { happened, todo: 'The uv binary was removed or its interpreter line points nowhere. Reinstall uv, or set UV_SHIM_REAL_UV.' };
      }
      if (errno === 'EACCES' || errno === 'ENOEXEC' || errno === 'EPERM') {
        return { happened, todo: `Check the file's permissions (chmod +x ${file}) and that it is a uv binary for this machine.` };
      }
      return { happened, todo: 'Run with UV_SHIM_LOG=debug for details, or UV_SHIM_BYPASS=1 to run uv without the shim.' };
    }
    case 'command-cannot-start': {
      const { file, errno } = failure;
      if (failure.measurer) {
        return {
          happened: `could not start ${file} to measure the command (${errno ?? failure.reason}).`,
          todo: `Without /proc (macOS), \`uv-shim ${failure.command}\` measures through perl, which macOS ships as /usr/bin/perl: check that perl is on PATH.`,
        };
      }
      return {
        happened: cannotStart(file, errno, failure.reason),
        todo: errno === 'ENOENT' ? "Check the command's name and that it is on PATH." : `Check that ${file} is a program for this machine that you may run.`,
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
    case 'usage': {
      const more = failure.command ? `Run \`uv-shim help ${failure.command}\` for more.` : 'Run `uv-shim --help` for the list of commands.';
      return { happened: usageProblemText(failure.command, failure.problem), todo: `Usage: ${failure.usage}\n${more}` };
    }
    case 'not-a-python': {
      const [first, ...rest] = failure.paths.map((p) => `${p} is not an interpreter, an installation or a virtual environment.`);
      return {
        happened: first ?? '',
        details: rest,
        todo: `Name an interpreter (…/bin/python3.12), a uv-managed installation or a virtual environment,\nor run \`uv-shim ${failure.command}\` without a path for the current project's.`,
      };
    }
    case 'install-refused': {
      const paths = failure.tools.map((tool) => join(failure.dir, tool));
      const one = paths.length === 1;
      return {
        happened:
          `${paths.join(' and ')} exist${one ? 's' : ''} and ${one ? 'is not a uv-shim launcher' : 'are not uv-shim launchers'} ` +
          `(probably the real ${failure.tools.join(' and ')}); nothing in ${failure.dir} was changed.`,
        todo: 'Install the shims in a directory of their own, e.g. `uv-shim install --dir ~/.local/share/uv-shim/bin`.',
      };
    }
    case 'trust-failed':
      return trustProblemText(failure.command, failure.problem);
    case 'system-refused':
      return {
        happened: `${failure.reason.replace(/\.?$/, '.')}`,
        todo:
          failure.errno === 'EACCES' || failure.errno === 'EPERM' || failure.errno === 'EROFS'
            ? 'Check that you may write there (its owner and mode, or a read-only file system), or choose another place.'
            : 'The operating system refused the operation named above; fix what it names and run the command again.',
      };
    case 'internal':
      return {
        happened: failure.detail,
        todo: failure.command
          ? `Please report this, with the \`uv-shim ${failure.command}\` command line that caused it.`
          : 'Please report this. UV_SHIM_BYPASS=1 runs uv without the shim.',
      };
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
  const command = commandOf(failure);
  const who = command ? `uv-shim ${command}` : 'uv-shim';
  const label = failure.kind === 'internal' ? 'internal error' : 'error';
  return `${who}: ${label}: ${failureMessage(failure)}\n\n${todo}\n`;
}

// The `uv-shim` command a failure happened in, if any.
function commandOf(failure: ShimFailure): string | undefined {
  switch (failure.kind) {
    case 'usage':
    case 'not-a-python':
    case 'command-cannot-start':
    case 'trust-failed':
    case 'system-refused':
    case 'internal':
      return failure.command;
    case 'install-refused':
      return 'install';
    default:
      return undefined;
  }
}

// Markdown for the README's table of exit codes.
export function exitCodeTable(): string {
  return ['| Code | Meaning |', '| --- | --- |', ...EXIT_CODE_MEANINGS.map((e) => `| ${e.code} | ${e.meaning} |`)].join('\n');
}
