// The sections `uv-shim doctor` prints, in order. Each module is imported
// only when doctor runs; adding a section is appending one entry here whose
// module exports `lines(ctx)`.
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

// What a section's module exports.
export interface DoctorSectionModule {
  // Plain lines, no colour, no trailing newline; `⚠ ` starts a line that
  // needs the user's attention (doctor then exits 1).
  lines(ctx: DoctorContext): Promise<string[]> | string[];
}

// One entry of the list: a title and its lazily imported module.
export interface DoctorSection {
  title: string;
  load(): Promise<DoctorSectionModule>;
}

// In print order. Append one entry to add a section.
export const DOCTOR_SECTIONS: DoctorSection[] = [
  { title: 'Real uv', load: () => import('./doctor/real-uv.js') },
  { title: 'Shims and PATH', load: () => import('./doctor/shims-on-path.js') },
  { title: 'Configuration', load: () => import('./doctor/config-files.js') },
  { title: 'Hooks', load: () => import('./doctor/hooks.js') },
  { title: 'First run after sync', load: () => import('../first-run/doctor-section.js') },
  { title: 'Interpreter guard', load: () => import('../guard/doctor-section.js') },
];

// Marks a line as a problem; doctor's exit status is 1 when any line has it.
export const WARNING = '⚠ ';
