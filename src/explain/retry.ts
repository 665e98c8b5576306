import { basename, isAbsolute, join, resolve } from 'node:path';
import { readHead } from '../bounded-read.js';
import { realpathOrNull } from '../common/fs.js';
import type { PostExitContext } from '../hooks/types.js';
import { hasFlag, isSubcommand } from '../uv/command.js';
import { modelOf } from '../uv/model.js';
import type { EvidenceFacts, Explanation, RepairFacts } from './facts.js';

// The one retry after a post-mortem repair runs the command again only when
// nothing of it ran: a second run must not repeat the user's work. Two
// cases prove that:
// - uv failed at its interpreter query (exit 2, every interpreter it may
//   have picked refused): uv stops before it runs anything (darwin.ts);
// - uv exited 137 because macOS refused at exec the program uv itself
//   started (its crash report: CODESIGNING code 1, "Taskgated Invalid
//   Signature", the parent uv's own pid), that program is the repaired file
//   itself or a script the kernel hands straight to it (a console script's
//   `#!…/bin/python`), and the command named it (`uv run python …`, `-m`, a
//   `.py` file, an environment's console script, a tool). A code-1 kill
//   happens in execve, before one instruction of the program runs; uv runs
//   one program and exits with its status, so the 137 is that kill.
// Anything else is not retried: an invalid page (the program was running),
// a grandchild's kill (the program started it), a program that exec'd the
// interpreter after doing work of its own (`sh -c 'work; exec python'`: its
// pid and parent are those of uv's child), no report.
export async function refusedAtExec(ctx: PostExitContext, evidence: EvidenceFacts | null, repair: RepairFacts | null): Promise<boolean> {
  const report = evidence?.report;
  if (ctx.result.code !== 137 || !report || evidence.kind !== 'taskgated' || !report.procPath) return false;
  if (ctx.uvPid === undefined || report.parentPid !== ctx.uvPid) return false;
  if (repair?.status !== 'repaired') return false;
  if ((realpathOrNull(report.procPath) ?? report.procPath) !== repair.file) return false;
  return await startsDirectly(ctx, repair.file);
}

const PYTHON_NAME = /^python(\d+(\.\d+)?t?)?$/;

// Whether the program of `uv run`/`uvx` is `file` as exec'd by uv: nothing
// of the user's runs before the kernel starts `file`.
async function startsDirectly(ctx: PostExitContext, file: string): Promise<boolean> {
  const { command } = ctx;
  const run = isSubcommand(command, 'run');
  if (!run && !isSubcommand(command, 'tool', 'run')) return false;
  const program = command.program[0];
  if (run && (hasFlag(command, '--module') || hasFlag(command, '--script'))) return true;
  if (!program) return false;
  if (run && /\.pyw?$/.test(program)) return true;
  if (run && !program.includes('/') && PYTHON_NAME.test(program)) return true;
  if (program.includes('/')) return execsInto(resolve(ctx.cwd, program), file);
  // A name: what uv finds in the environments' bin/ (a console script, a tool).
  const model = await modelOf({ command, cwd: ctx.cwd, env: ctx.env });
  return model.environments.some((e) => execsInto(join(e.path, 'bin', basename(program)), file));
}

// `path` is `file`, or a script whose `#!` line names `file` (through links).
function execsInto(path: string, file: string): boolean {
  const real = realpathOrNull(path);
  if (real === null) return false;
  if (real === file) return true;
  const line = readHead(real, 512)?.toString('utf8').split('\n')[0] ?? '';
  const interpreter = /^#!\s*(\S+)\s*$/.exec(line)?.[1];
  return interpreter !== undefined && isAbsolute(interpreter) && realpathOrNull(interpreter) === file;
}

// What the explanation says about a retry the rules allow: the shim runs
// it (the first attempt, retry on) or would have (retry off).
export function retryOf(ctx: Pick<PostExitContext, 'attempt' | 'config'>, allowed: boolean): Explanation['retry'] {
  if (!allowed || ctx.attempt !== 1) return 'none';
  return ctx.config.retry ? 'retrying' : 'disabled';
}
