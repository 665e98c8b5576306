// `uv-shim inspect FILE… [--json]`: what macOS will think of each file.
// Results go to stdout; exit 0 when every file was read, 1 when any was
// malformed or unreadable, 2 on a usage error.
export async function run(argv: string[]): Promise<number> {
  const files: string[] = [];
  let json = false;
  let onlyFiles = false;
  for (const arg of argv) {
    if (!onlyFiles && arg === '--') onlyFiles = true;
    else if (!onlyFiles && arg === '--json') json = true;
    else if (!onlyFiles && arg.startsWith('-') && arg !== '-') {
      process.stderr.write(`uv-shim inspect: error: unknown option ${JSON.stringify(arg)}.\n\nUsage: uv-shim inspect FILE… [--json]\n`);
      return 2;
    } else files.push(arg);
  }
  if (files.length === 0) {
    process.stderr.write('uv-shim inspect: error: no file given.\n\nUsage: uv-shim inspect FILE… [--json]\n');
    return 2;
  }
  const { inspectFile } = await import('../darwin/inspect.js');
  const reports = [];
  for (const file of files) reports.push(await inspectFile(file));
  if (json) {
    process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    const { summarizeReport } = await import('../darwin/summary.js');
    process.stdout.write(`${reports.map(summarizeReport).join('\n\n')}\n`);
  }
  return reports.some((r) => r.error !== null) ? 1 : 0;
}
