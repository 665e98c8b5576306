import { mirrorExitCode } from '../first-run/exit-code.js';
import { ShimError } from '../shim/errors.js';

const USAGE = 'usage: uv-shim time [--] <command> [args…]';

// `uv-shim time -- uv run python app.py`: runs the command with this
// terminal, then prints on stderr (stdout is the command's) its wall time
// against the CPU time of its whole process tree, and says when it was
// mostly waiting. Exits as the command did.
export async function run(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--help' || first === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (first !== '--' && first?.startsWith('-')) {
    process.stderr.write(`uv-shim time: error: unknown option ${first}.\n\n${USAGE}\n`);
    return 2;
  }
  const command = first === '--' ? argv.slice(1) : argv;
  if (command.length === 0) {
    process.stderr.write(`uv-shim time: error: no command to time.\n\n${USAGE}\n`);
    return 2;
  }
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
  return mirrorExitCode(timed.result);
}
