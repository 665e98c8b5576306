import type { DoctorSectionModule } from './finding.js';

// One entry of doctor's report: a stable id (the key in --json), a title,
// and its lazily imported module.
export interface DoctorSection {
  id: string;
  title: string;
  load(): Promise<DoctorSectionModule>;
}

// In print order. Adding a section is one module in this folder that exports
// `findings(ctx)`, and one entry here.
export const DOCTOR_SECTIONS: readonly DoctorSection[] = [
  { id: 'realUv', title: 'Real uv', load: () => import('./real-uv.js') },
  { id: 'shims', title: 'Shims and PATH', load: () => import('./shims-on-path.js') },
  { id: 'config', title: 'Configuration', load: () => import('./config-files.js') },
  { id: 'hooks', title: 'Hooks', load: () => import('./hooks.js') },
  { id: 'firstRun', title: 'First run after sync', load: () => import('./first-run.js') },
  { id: 'guard', title: 'Interpreter guard', load: () => import('./guard.js') },
];
