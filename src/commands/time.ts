import { exitCodeOf } from '../common/exit-status.js';
import { ShimError } from '../errors.js';
import type { ParsedArgs } from './spec.js';

// `uv-shim time -- uv run python app.py`: runs the command with this
// terminal, then prints on stderr (stdout is the command's) its wall time
// against the CPU time of its whole process tree, and says when it was
// mostly waiting. Exits as the command did; 127 or 126 when it could not
// start (as a shell would).
export async function run({ positionals: command }: ParsedArgs): Promise<number> {
  const { runTimed } = await import('./time/timed-run.js');
  const { timingLine } = await import('../first-run/timing-report.js');
  const [file, ...args] = command as [string, ...string[]];
  let timed;
  try {
    timed = await runTimed(file, args, { env: process.env, cwd: process.cwd() });
  } catch (error) {
    // The command could not start (spawn said why), on Linux; on macOS the
    // perl that measures it reports the command's own failure as exit 127.
    if (error instanceof ShimError && error.failure.kind === 'uv-cannot-start') {
      const { file: started, errno, reason } = error.failure;
      throw new ShimError({ kind: 'command-cannot-start', command: 'time', file: started, errno, reason, measurer: false }, { cause: error });
    }
    throw error;
  }
  process.stderr.write(`${timingLine('uv-shim time', timed.wallMs, timed.cpu)}\n`);
  return exitCodeOf(timed.result);
}
