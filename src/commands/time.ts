import { mirrorExitCode } from '../first-run/exit-code.js';
import { ShimError } from '../shim/errors.js';

const USAGE = 'usage: uv-shim time [--] <command> [args…]';

// `uv-shim time -- uv run python app.py`: runs the command with this
// terminal, then prints on stderr (stdout is the command's) its wall time
// against the CPU time of its whole process tree, and says when it was
// mostly waiting. Exits as the command did.
export async function run(argv: string[]): Promise<number> {
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  if (command.length === 0 || (argv[0] !== '--' && command[0]!.startsWith('-'))) {
    process.stderr.write(
      command[0] === '--help' || command[0] === '-h'
        ? `${USAGE}\n`
        : `uv-shim time: error: no command to time.\n\n${USAGE}\n`,
    );
    return command[0] === '--help' || command[0] === '-h' ? 0 : 2;
  }
  const { runTimed } = await import('../first-run/timed-run.js');
  const { timingLine } = await import('../first-run/timing-report.js');
  const [file, ...args] = command as [string, ...string[]];
  let timed;
  try {
    timed = await runTimed(file, args, { env: process.env, cwd: process.cwd() });
  } catch (error) {
    const message = error instanceof ShimError ? error.message.replace(/\.$/, '') : String(error);
    process.stderr.write(`uv-shim time: error: ${message}.\n\nCheck the command's name and that it is on PATH.\n`);
    return 127;
  }
  process.stderr.write(`${timingLine('uv-shim time', timed.wallMs, timed.cpu)}\n`);
  return mirrorExitCode(timed.result);
}
