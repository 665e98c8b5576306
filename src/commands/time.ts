import { exitCodeOf } from '../common/exit-status.js';
import { ShimError } from '../errors.js';
import type { ParsedArgs } from './spec.js';

// `uv-shim time -- uv run python app.py`: runs the command with this
// terminal, then prints on stderr (stdout is the command's) its wall time
// against the CPU time of its whole process tree, and says when it was
// mostly waiting. Exits as the command did.
export async function run({ positionals: command }: ParsedArgs): Promise<number> {
  const { runTimed } = await import('../first-run/timed-run.js');
  const { timingLine } = await import('../first-run/timing-report.js');
  const [file, ...args] = command as [string, ...string[]];
  let timed;
  try {
    timed = await runTimed(file, args, { env: process.env, cwd: process.cwd() });
  } catch (error) {
    // Either the command could not start (Linux) or the perl that measures
    // it could not (macOS, where it is /usr/bin/perl).
    const message = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    const hint = error instanceof ShimError ? "Check the command's name and that it is on PATH." : 'Check that perl is on PATH.';
    process.stderr.write(`uv-shim time: error: ${message}.\n\n${hint}\n`);
    return 127;
  }
  process.stderr.write(`${timingLine('uv-shim time', timed.wallMs, timed.cpu)}\n`);
  return exitCodeOf(timed.result);
}
