import { SETTINGS, type SettingName, type SettingSpec } from './settings.js';

const SPECS = SETTINGS as Record<SettingName, SettingSpec>;

function valuesAndDefault(spec: SettingSpec): string {
  const shown = (v: unknown) => (v === undefined ? 'unset' : `\`${JSON.stringify(v).replace(/"/g, '')}\``);
  switch (spec.type.kind) {
    case 'boolean':
      return `bool, ${shown(spec.default)}`;
    case 'choice':
      return `${spec.type.values.map((v) => `\`${v}\``).join(' \\| ')}, ${shown(spec.default)}`;
    case 'path':
      return `path, ${shown(spec.default)}`;
    case 'count':
      return `integer ≥ 0, ${shown(spec.default)}`;
    case 'absolute-paths':
      return 'list of absolute dirs, `[]`';
    case 'hooks':
      return 'hook lists, none';
  }
}

function sources(spec: SettingSpec): string {
  const from = [
    ...(spec.user ? ['user'] : []),
    ...(spec.project === 'yes' ? ['project'] : spec.project === 'trusted' ? ['project once trusted'] : []),
  ];
  return from.length ? from.join(', ') : 'variable only';
}

// The README's settings reference, rendered from the declaration; the test
// in test/config/reference.test.ts keeps the README equal to it.
export function renderSettingsTable(): string {
  const rows = (Object.keys(SPECS) as SettingName[]).map((name) => {
    const spec = SPECS[name];
    return `| \`${name}\` | ${spec.env ? `\`${spec.env}\`` : '—'} | ${valuesAndDefault(spec)} | ${sources(spec)} | ${spec.description} |`;
  });
  return ['| Setting | Variable | Values, default | Files | Meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
