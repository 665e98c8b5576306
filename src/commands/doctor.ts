import { loadConfig } from '../config/load.js';
import { DEFAULT_CONFIG, type LoadedConfig } from '../config/types.js';
import { defaultConfig } from '../config/merge.js';
import { currentPlatform } from '../platform.js';
import type { DoctorContext, Finding } from './doctor/finding.js';
import { DOCTOR_SECTIONS } from './doctor/sections.js';
import type { ParsedArgs } from './spec.js';

interface SectionReport {
  id: string;
  title: string;
  findings: Finding[];
}

// `uv-shim doctor`: every section's findings on stdout, as text or (--json)
// as one object whose findings carry their data. Exit 0 when nothing needs
// attention, 1 when a finding is a warning, 2 on a usage error. A section
// that fails reports its error as a warning and the others still run.
export async function run({ values }: ParsedArgs): Promise<number> {
  const json = values.json === true;
  const env = process.env;
  const cwd = process.cwd();
  const ctx: DoctorContext = { env, cwd, platform: currentPlatform(env), loaded: await loadOnce(cwd, env) };
  const sections: SectionReport[] = [];
  for (const section of DOCTOR_SECTIONS) {
    let findings: Finding[];
    try {
      findings = await (await section.load()).findings(ctx);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      findings = [{ level: 'warning', text: `this section failed: ${reason}`, data: { failed: reason } }];
    }
    sections.push({ id: section.id, title: section.title, findings });
  }
  const ok = !sections.some((s) => s.findings.some((f) => f.level === 'warning'));
  process.stdout.write(json ? `${JSON.stringify({ ok, sections }, null, 2)}\n` : `${renderText(sections)}\n`);
  return ok ? 0 : 1;
}

// The configuration, once for every section; a loader that throws leaves the
// defaults and says why in the Configuration section.
async function loadOnce(cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  try {
    return await loadConfig(cwd, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      config: defaultConfig(DEFAULT_CONFIG),
      files: [],
      problems: [{ file: 'configuration', key: '(loading)', message }],
      notices: [],
      reports: [],
    };
  }
}

// `Title:` then each finding indented, a warning marked `⚠ `.
export function renderText(sections: readonly SectionReport[]): string {
  return sections
    .map((s) => [`${s.title}:`, ...s.findings.map((f) => `${f.nested ? '    ' : '  '}${f.level === 'warning' ? '⚠ ' : ''}${f.text}`)].join('\n'))
    .join('\n\n');
}
