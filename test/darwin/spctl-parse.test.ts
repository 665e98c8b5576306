import { describe, expect, it } from 'vitest';
import { parseSpctlAssess } from '../../src/darwin/spctl-parse.js';

const F = '/x/bin/tool';

// Real `spctl --assess -vv` output shapes, from public reports.
describe('parseSpctlAssess', () => {
  it.each([
    ['notarized Developer ID (fleetdm/fleet#23476)', `${F}: accepted\nsource=Notarized Developer ID\norigin=Developer ID Application: Google LLC (EQHXZ8M8AV)\n`, 0,
      { verdict: 'accepted', source: 'Notarized Developer ID', origin: 'Developer ID Application: Google LLC (EQHXZ8M8AV)', detail: null }],
    ['ad-hoc (Apple forums 729336, uv#16726)', `${F}: rejected\n`, 3, { verdict: 'rejected', source: null, origin: null, detail: null }],
    ['unsigned', `${F}: rejected\nsource=no usable signature\n`, 3, { verdict: 'rejected', source: 'no usable signature' }],
    ['obsolete envelope (openradar 25618668)', `${F}: rejected\nsource=obsolete resource envelope\norigin=Software Signing\n`, 3,
      { verdict: 'rejected', source: 'obsolete resource envelope', origin: 'Software Signing' }],
    ['a bare CLI signed with Developer ID', `${F}: rejected (the code is valid but does not seem to be an app)\norigin=Developer ID Application: Swift Navigation, Inc. (X)\n`, 3,
      { verdict: 'rejected', detail: 'the code is valid but does not seem to be an app', source: null }],
    ['a revoked certificate (etresoft/EtreCheck#81)', `${F}: CSSMERR_TP_CERT_REVOKED\n`, 3, { verdict: 'error', detail: 'CSSMERR_TP_CERT_REVOKED' }],
    ['a missing file', `${F}: No such file or directory\n`, 1, { verdict: 'error', detail: 'No such file or directory' }],
    ['spctl could not be run', '/usr/sbin/spctl not found', null, { verdict: 'error', exitCode: null }],
    ['a verdict that contradicts the exit code', `${F}: accepted\n`, 3, { verdict: 'error' }],
  ] as const)('%s', (_name, raw, exitCode, expected) => {
    expect(parseSpctlAssess(raw, F, exitCode)).toMatchObject({ exitCode, raw, ...expected });
  });
});
