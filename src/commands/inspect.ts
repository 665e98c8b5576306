import type { ParsedArgs } from './spec.js';

// `uv-shim inspect FILE… [--json]`: what macOS will think of each file.
// Results go to stdout; exit 0 when every file was read, 1 when any was
// malformed or unreadable.
export async function run({ values, positionals: files }: ParsedArgs): Promise<number> {
  const json = values.json === true;
  const { inspectFile } = await import('../darwin/inspect.js');
  const reports = [];
  for (const file of files) reports.push(await inspectFile(file));
  const { reportJson, summarizeReport } = await import('../darwin/summary.js');
  if (json) process.stdout.write(`${JSON.stringify(reports.map(reportJson), null, 2)}\n`);
  else process.stdout.write(`${reports.map(summarizeReport).join('\n\n')}\n`);
  return reports.some((r) => r.problem !== null) ? 1 : 0;
}
