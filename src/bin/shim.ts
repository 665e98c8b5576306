// Entry point of the `uv` and `uvx` launchers in shims/, which require the
// bundle of this file (dist/launch/shim.cjs) and call `launch`. Set up, run
// the pipeline, end the way uv ended. The shim's own failures are reported
// with their documented exit code; anything unexpected is 70.
import { exitCodeOfFailure, ShimError, type ShimFailure } from '../errors.js';
import { watchStdio } from '../shim/exec-uv.js';
import { mirrorExit } from '../shim/exit.js';
import { takeLaunchState } from '../shim/launch-state.js';
import { runShim } from '../shim/run.js';

// tool: `uv` or `uvx`; shimDir: the directory the launcher was found in,
// skipped when searching PATH; args: the user's arguments.
export async function launch(tool: string | undefined, shimDir: string, args: string[]): Promise<void> {
  // Before anything can write: whether the shim made a stdio stream decides
  // whether it may exec uv.
  watchStdio();
  if (tool !== 'uv' && tool !== 'uvx') return fail({ kind: 'launcher-broken', tool });
  try {
    // Before anything reads the environment: the caller's, as uv gets it.
    const launchState = takeLaunchState(args.length);
    const { result } = await runShim({ tool, args, shimDir: shimDir || undefined, launch: launchState });
    mirrorExit(result);
  } catch (error) {
    if (error instanceof ShimError) return fail(error.failure);
    return fail({ kind: 'internal', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

// Says what went wrong and exits with its documented code. The words load
// only here, so that a run where nothing fails does not compile them. If
// they cannot load (a rebuild swapped the build under this run), the facts
// are said as they are.
async function fail(failure: ShimFailure): Promise<never> {
  let text: string;
  try {
    const { formatFailure } = await import('../failure-text.js');
    text = formatFailure(failure);
  } catch (error) {
    text = `uv-shim: error: ${JSON.stringify(failure)}\n(the words for it did not load: ${String(error)})\n`;
  }
  process.stderr.write(text);
  process.exit(exitCodeOfFailure(failure));
}
