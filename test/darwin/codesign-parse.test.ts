import { describe, expect, it } from 'vitest';
import { isBlockedMessage, parseCodesignDisplay, verifyMessage } from '../../src/darwin/codesign-parse.js';
import { formatCodesignFlags } from '../../src/darwin/codesign-flags.js';

// Real `codesign -dv…` output, as quoted in public reports.
const AESCRYPT_ADHOC = `Executable=/opt/homebrew/Cellar/aescrypt/0.7/bin/aescrypt
Identifier=aescrypt
Format=Mach-O thin (arm64)
CodeDirectory v=20400 size=545 flags=0x20002(adhoc,linker-signed) hashes=14+0 location=embedded
Signature=adhoc
Info.plist=not bound
TeamIdentifier=not set
Sealed Resources=none
Internal requirements=none
`; // Apple Developer Forums thread 729336

const CHROME_DEVELOPER_ID = `Executable=/Applications/Google Chrome.app/Contents/MacOS/Google Chrome
Identifier=com.google.Chrome
Format=app bundle with Mach-O universal (x86_64 arm64)
CodeDirectory v=20500 size=1821 flags=0x12a00(kill,restrict,library-validation,runtime) hashes=46+7 location=embedded
Signature size=8990
Authority=Developer ID Application: Google LLC (EQHXZ8M8AV)
Authority=Developer ID Certification Authority
Authority=Apple Root CA
Timestamp=Oct 28, 2024 at 8:44:08 PM
Notarization Ticket=stapled
Info.plist entries=43
TeamIdentifier=EQHXZ8M8AV
Runtime Version=14.0.0
Sealed Resources version=2 rules=13 files=63
Internal requirements count=1 size=288
`; // fleetdm/fleet#23476

const APPLE_PLATFORM = `Executable=/Library/Apple/System/Library/PrivateFrameworks/RemotePairing.framework/Versions/A/Resources/bin/RemotePairingDataVaultHelper
Identifier=com.apple.CoreDevice.RemotePairingDataVaultHelper
Format=Mach-O universal (x86_64 arm64e arm64)
CodeDirectory v=20400 size=1002 flags=0x0(none) hashes=20+7 location=embedded
Signature size=4493
Authority=Software Signing
Authority=Apple Code Signing Certification Authority
Authority=Apple Root CA
Info.plist entries=21
TeamIdentifier=not set
Sealed Resources=none
Internal requirements count=1 size=100
`; // google/santa#1309

const APPLE_DEVELOPMENT = `Executable=Cog.app/Contents/MacOS/Cog
Identifier=org.cogx.cog
Format=app bundle with Mach-O universal (x86_64 arm64)
CodeDirectory v=20500 size=39544 flags=0x10000(runtime) hashes=1225+7 location=embedded
Signature size=4767
Authority=Apple Development: Created via API (6U9DBS23H9)
Authority=Apple Worldwide Developer Relations Certification Authority
Authority=Apple Root CA
Signed Time=12 Jul 2022 at 06:15:39
Info.plist entries=45
TeamIdentifier=N6E749HJ2X
Runtime Version=12.3.0
Sealed Resources version=2 rules=13 files=231
Internal requirements count=1 size=176
`; // losnoco/Cog#312

// -dv with one v: no Authority lines (autopkg/hjuutilainen-recipes#22).
const ONE_V = `Executable=/Users/abanks/Downloads/Kaleidoscope.app/Contents/MacOS/Kaleidoscope
Identifier=com.blackpixel.kaleidoscope
Format=bundle with Mach-O thin (x86_64)
CodeDirectory v=20200 size=18291 flags=0x0(none) hashes=907+3 location=embedded
Signature size=8507
Timestamp=Jun 9, 2015, 4:31:47 PM
Info.plist entries=41
TeamIdentifier=432ZXYXDNY
Sealed Resources version=2 rules=12 files=891
`;

// The two lines uv issue 16726 quotes from `codesign -dvvv python3.13`.
const UV_16726 = 'Signature=adhoc\nTeamIdentifier=not set\n';

describe('parseCodesignDisplay on real output', () => {
  it.each([
    ['ad-hoc, linker-signed (Homebrew aescrypt)', AESCRYPT_ADHOC, {
      identifier: 'aescrypt', format: 'Mach-O thin (arm64)', cdVersion: 0x20400, cdFlags: 0x20002,
      cdFlagNames: ['adhoc', 'linker-signed'], signature: 'adhoc', teamId: null, authorities: [],
    }],
    ['Developer ID, hardened runtime (Chrome)', CHROME_DEVELOPER_ID, {
      identifier: 'com.google.Chrome', cdVersion: 0x20500, cdFlags: 0x12a00,
      cdFlagNames: ['kill', 'restrict', 'library-validation', 'runtime'], signature: 'developer-id', teamId: 'EQHXZ8M8AV',
      authorities: ['Developer ID Application: Google LLC (EQHXZ8M8AV)', 'Developer ID Certification Authority', 'Apple Root CA'],
    }],
    ['Apple platform binary', APPLE_PLATFORM, {
      format: 'Mach-O universal (x86_64 arm64e arm64)', cdFlags: 0, cdFlagNames: [], signature: 'apple', teamId: null,
    }],
    ['Apple Development certificate', APPLE_DEVELOPMENT, { signature: 'other', teamId: 'N6E749HJ2X', cdFlagNames: ['runtime'] }],
    ['-dv without authorities', ONE_V, { signature: 'other', teamId: '432ZXYXDNY', cdVersion: 0x20200, authorities: [] }],
    ['the fragment in uv issue 16726', UV_16726, { signature: 'adhoc', teamId: null, cdVersion: null, identifier: null }],
    ['an unsigned file', '/tmp/a.out: code object is not signed at all\n', { signature: 'unsigned', identifier: null, cdFlags: null }],
  ] as const)('%s', (_name, raw, expected) => {
    const parsed = parseCodesignDisplay(raw);
    expect(parsed).toMatchObject(expected);
    expect(parsed.raw).toBe(raw);
  });
});

describe('verifyMessage', () => {
  it.each([
    ['/usr/bin/perl: valid on disk\n/usr/bin/perl: satisfies its Designated Requirement\n', 'valid on disk'],
    ['/usr/bin/perl: invalid signature (code or signature have been modified)\nIn architecture: arm64\n', 'invalid signature (code or signature have been modified)'],
    ['/usr/bin/perl: code object is not signed at all\n', 'code object is not signed at all'],
    ['', ''],
  ])('%j', (raw, message) => {
    expect(verifyMessage(raw, '/usr/bin/perl')).toBe(message);
  });
});

describe('isBlockedMessage', () => {
  it.each([
    ['/x/python3.13: replacing existing signature\n/x/python3.13: Operation not permitted\n', true],
    ['/x/python3.13: Permission denied\n', true],
    ['This operation is not permitted by system policy.', true],
    ['/x/python3.13: internal error in Code Signing subsystem\n', false],
    ['/x/python3.13: the codesign_allocate helper tool cannot be found or used\n', false],
    ['/x/python3.13: is already signed\n', false],
  ])('%j → %s', (stderr, blocked) => {
    expect(isBlockedMessage(stderr)).toBe(blocked);
  });
});

describe('formatCodesignFlags', () => {
  it.each([
    [0x20002, '0x20002(adhoc,linker-signed)'],
    [0x12a00, '0x12a00(kill,restrict,library-validation,runtime)'],
    [0x10000, '0x10000(runtime)'],
    [0, '0x0(none)'],
  ])('%i → %s', (flags, text) => {
    expect(formatCodesignFlags(flags)).toBe(text);
    // What the double prints, the parser reads back.
    expect(parseCodesignDisplay(`CodeDirectory v=20400 size=1 flags=${text} hashes=1+0 location=embedded\n`).cdFlags).toBe(flags);
  });
});
