import { runTool } from './run-tool.js';
import { parseSpctlAssess, type SpctlAssessment } from './spctl-parse.js';
import { spctlPath } from './tool-paths.js';

// `spctl --assess --type execute -vv FILE`: Gatekeeper's verdict. Exit 0 is
// accepted, 3 rejected; anything else (or no verdict line) is an error.
export async function spctlAssess(path: string, env: NodeJS.ProcessEnv = process.env): Promise<SpctlAssessment> {
  const result = await runTool(spctlPath(env), ['--assess', '--type', 'execute', '-vv', path], env);
  return parseSpctlAssess(result.stderr + result.stdout, path, result.exitCode);
}
