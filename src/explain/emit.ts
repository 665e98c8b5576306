import { colors } from '../log.js';
import type { PostExitContext } from '../hooks/types.js';
import type { Explanation } from './facts.js';
import { renderText } from './render-text.js';
import { writeExplanationJson } from './write-json.js';

// Prints the explanation on stderr (coloured only on a terminal; never on
// stdout, which is uv's), and with `explain: json` also writes it as JSON to
// `explainFile`, or as one line on stderr when no file is named.
export function emitExplanation(ctx: PostExitContext, explanation: Explanation): void {
  if (ctx.log.level !== 'silent') {
    const lines = renderText(explanation, colors(process.stderr, ctx.env));
    process.stderr.write(`${lines.join('\n')}\n`);
  }
  if (ctx.config.explain !== 'json') return;
  if (!ctx.config.explainFile) {
    process.stderr.write(`${JSON.stringify(explanation)}\n`);
    return;
  }
  try {
    const written = writeExplanationJson(ctx.config.explainFile, explanation, ctx.cwd);
    ctx.log.debug(`explanation written to ${written}`);
  } catch (error) {
    ctx.log.warn(`${(error as Error).message}. Check UV_SHIM_EXPLAIN_FILE (or explainFile in the config) names a writable path.`);
  }
}
