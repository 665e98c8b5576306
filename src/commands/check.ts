import type { ParsedArgs } from './spec.js';

// `uv-shim check`: what the guard would decide for `uv run` here, per file:
// state, reason, and whether it came from the verdict cache. Repairs
// nothing. Exit 0 when every file can run, 1 when any is refused or
// unreadable, 2 on a usage error.
export async function run({ values }: ParsedArgs): Promise<number> {
  const { contextForDirectory } = await import('../guard/command-context.js');
  const { findCandidates, checkCandidate, needsRepair } = await import('../guard/index.js');
  const ctx = await contextForDirectory(values.python as string | undefined);
  const candidates = await findCandidates(ctx);
  const opts = { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: true };
  const verdicts = await Promise.all(candidates.map((c) => checkCandidate(c, opts)));
  const rows = candidates.map((c, i) => {
    const { state, reason, cached } = verdicts[i]!;
    return { file: c.file, via: c.via, kind: c.kind, source: c.source, installation: c.installation, managed: c.managed, state, reason, cached };
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    process.stdout.write('No interpreter found for this directory: uv would look for one (or download one).\n');
  } else {
    const width = Math.max(...rows.map((r) => r.state.length));
    for (const r of rows) {
      process.stdout.write(`${r.state.padEnd(width)}  ${r.cached ? 'cached' : 'fresh '}  ${r.file}  (${r.source}${r.managed ? ', uv-managed' : ''})\n`);
      process.stdout.write(`${' '.repeat(width + 10)}${r.reason}\n`);
    }
  }
  return rows.some((r) => needsRepair(r.state) || r.state === 'blocked' || r.state === 'unreadable') ? 1 : 0;
}
