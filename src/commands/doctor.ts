import { DOCTOR_SECTIONS, WARNING, type DoctorContext } from './doctor-sections.js';
import type { ParsedArgs } from './registry.js';

// `uv-shim doctor`: prints every section (or, with --json, one object with
// each section's lines) on stdout. Exit 0 when nothing needs attention, 1
// when a line is a warning, 2 on a usage error. A section that fails prints
// its error and the others still run.
export async function run({ values }: ParsedArgs): Promise<number> {
  const json = values.json === true;
  const ctx: DoctorContext = { env: process.env, cwd: process.cwd() };
  const sections: { title: string; lines: string[] }[] = [];
  for (const section of DOCTOR_SECTIONS) {
    let lines: string[];
    try {
      lines = await (await section.load()).lines(ctx);
    } catch (error) {
      lines = [`${WARNING}this section failed: ${error instanceof Error ? error.message : String(error)}`];
    }
    sections.push({ title: section.title, lines });
  }
  const problems = sections.some((s) => s.lines.some((l) => l.startsWith(WARNING)));
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: !problems, sections }, null, 2)}\n`);
  } else {
    const text = sections.map((s) => [`${s.title}:`, ...s.lines.map((l) => `  ${l}`)].join('\n')).join('\n\n');
    process.stdout.write(`${text}\n`);
  }
  return problems ? 1 : 0;
}
