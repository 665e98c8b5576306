import { describe, expect, it } from 'vitest';
import { adhocSignCommand, removeXattrCommand, repairCommands, shimRepairCommand } from '../../src/darwin/repair-commands.js';

const FILE = "/Users/me/it's here/python3.13";
const QUOTED = "'/Users/me/it'\\''s here/python3.13'";

describe('repair commands', () => {
  it('quotes the file as a shell would need it', () => {
    expect(removeXattrCommand('com.apple.provenance', FILE)).toBe(`xattr -d com.apple.provenance ${QUOTED}`);
    expect(shimRepairCommand(FILE)).toBe(`uv-shim repair ${QUOTED}`);
    expect(shimRepairCommand('/opt/py/bin/python3')).toBe('uv-shim repair /opt/py/bin/python3');
  });

  it.each([
    [true, 'codesign --force --sign - --preserve-metadata=entitlements,requirements,flags,runtime /p/python3'],
    [false, 'codesign --force --sign - /p/python3'],
  ])('re-signs ad hoc (preserveMetadata %s)', (preserveMetadata, expected) => {
    expect(adhocSignCommand('/p/python3', { preserveMetadata })).toBe(expected);
  });

  it('strips the marks the file carries, then re-signs', () => {
    expect(repairCommands('/p/python3', ['com.apple.provenance', 'com.apple.quarantine'], { preserveMetadata: false })).toEqual([
      'xattr -d com.apple.provenance /p/python3',
      'xattr -d com.apple.quarantine /p/python3',
      'codesign --force --sign - /p/python3',
    ]);
    expect(repairCommands('/p/python3', [], { preserveMetadata: false })).toEqual(['codesign --force --sign - /p/python3']);
  });
});
