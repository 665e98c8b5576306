// Real macOS crash reports (.ips), cut to the fields uv-shim reads (the
// thread, image and register sections are left out; every kept value is as
// published). Kept here so the parser tests and the end-to-end tests read
// the same real shapes.

// An nvim process on macOS 26.2 (Mac15,6) killed while dlopen()ing a
// tree-sitter parser `.so`: "Namespace CODESIGNING, Code 2, Invalid Page".
// Published with its translated report in a write-up of neovim crashing
// after the macOS 26.2 upgrade; the same header/body shape is quoted in
// drwhut/tabletop-club#282 (macOS 13.3.1, an app's own executable).
export const NVIM_INVALID_PAGE = [
  '{"app_name":"nvim","timestamp":"2025-12-15 13:22:02.00 +0800","app_version":"","slice_uuid":"86100d72-5eeb-35ad-94d1-a1fe80d57bb6","build_version":"","platform":1,"share_with_app_devs":0,"is_first_party":1,"bug_type":"309","os_version":"macOS 26.2 (25C56)","roots_installed":0,"incident_id":"256DCEA1-9E89-4612-8000-F0C15B122A64","name":"nvim"}',
  `{
  "uptime" : 4100,
  "procRole" : "Default",
  "version" : 2,
  "userID" : 501,
  "deployVersion" : 210,
  "modelCode" : "Mac15,6",
  "coalitionID" : 1158,
  "osVersion" : {
    "train" : "macOS 26.2",
    "build" : "25C56",
    "releaseType" : "User"
  },
  "captureTime" : "2025-12-15 13:22:02.0660 +0800",
  "codeSigningMonitor" : 2,
  "incident" : "256DCEA1-9E89-4612-8000-F0C15B122A64",
  "pid" : 3450,
  "translated" : false,
  "cpuType" : "ARM-64",
  "procLaunch" : "2025-12-15 13:19:05.0166 +0800",
  "procStartAbsTime" : 94640008783,
  "procExitAbsTime" : 98889148713,
  "procName" : "nvim",
  "procPath" : "\\/opt\\/homebrew\\/*\\/nvim",
  "parentProc" : "nvim",
  "parentPid" : 3447,
  "coalitionName" : "net.kovidgoyal.kitty",
  "developerMode" : 1,
  "responsiblePid" : 1641,
  "responsibleProc" : "kitty",
  "codeSigningID" : "nvim-5555494486100d725eeb35ad94d1a1fe80d57bb6",
  "codeSigningTeamID" : "",
  "codeSigningFlags" : 587203104,
  "codeSigningValidationCategory" : 0,
  "codeSigningTrustLevel" : 4294967295,
  "codeSigningAuxiliaryInfo" : 0,
  "sip" : "enabled",
  "exception" : {"codes":"0x0000000000000032, 0x0000000108ce0000","rawCodes":[50,4442685440],"type":"EXC_BAD_ACCESS","signal":"SIGKILL (Code Signature Invalid)","subtype":"UNKNOWN_0x32 at 0x0000000108ce0000"},
  "termination" : {"flags":0,"code":2,"namespace":"CODESIGNING","indicator":"Invalid Page"},
  "faultingThread" : 0
}`,
].join('\n');

// taskgated refusing an ad-hoc (linker-signed) executable with
// com.apple.provenance on macOS 26: "indicator is `Taskgated Invalid
// Signature`, termination code 1" (1jehuang/jcode#1233; the same pair in
// openclaw/imsg#291 on macOS 14.8.5). The body's layout follows the report
// above; the values are the ones those issues quote.
export function taskgatedReport(o: { time: string; pid: number; procPath: string; procName: string; parentProc: string }): string {
  return [
    `{"app_name":"${o.procName}","timestamp":"${o.time.replace(/(\.\d\d)\d* /, '$1 ')}","app_version":"","slice_uuid":"4c4c4437-5555-3144-a173-9f073394a9bc","build_version":"","platform":1,"share_with_app_devs":0,"is_first_party":1,"bug_type":"309","os_version":"macOS 26.0 (25A354)","roots_installed":0,"incident_id":"9E1F3B0C-5C1D-4C55-8F1B-3A2D7C0B6E11","name":"${o.procName}"}`,
    JSON.stringify(
      {
        uptime: 5200,
        procRole: 'Unspecified',
        version: 2,
        userID: 501,
        captureTime: o.time,
        pid: o.pid,
        cpuType: 'ARM-64',
        procName: o.procName,
        procPath: o.procPath,
        parentProc: o.parentProc,
        parentPid: 1,
        codeSigningID: o.procName,
        codeSigningTeamID: '',
        codeSigningFlags: 570556931,
        codeSigningValidationCategory: 0,
        codeSigningTrustLevel: 4294967295,
        exception: { codes: '0x0000000000000000, 0x0000000000000000', rawCodes: [0, 0], type: 'EXC_CRASH', signal: 'SIGKILL (Code Signature Invalid)' },
        termination: { flags: 0, code: 1, namespace: 'CODESIGNING', indicator: 'Taskgated Invalid Signature' },
      },
      null,
      2,
    ),
  ].join('\n');
}

// The body's termination of a launch-constraint kill, as printed with jq
// from a real report (`{"flags":66,"code":4,"namespace":"CODESIGNING",
// "indicator":"Launch Constraint Violation"}`), and of a plain crash.
export const LAUNCH_CONSTRAINT = { flags: 66, code: 4, namespace: 'CODESIGNING', indicator: 'Launch Constraint Violation' };

// "2023-03-15 21:41:04.947811+0100 … kernel: CODE SIGNING: …": the two
// kernel lines of a python3.11 killed on a re-linked libcrypto, as published
// in a write-up of an invalid page in a PyInstaller-style temp dir (macOS 13).
export const PYTHON_KERNEL_LINES = [
  'CODE SIGNING: cs_invalid_page(0x105048000): p=38578[python3.11] final status 0x23000200, denying page sending SIGKILL',
  'CODE SIGNING: process 38578[python3.11]: rejecting invalid page at address 0x105048000 from offset 0x224000 in file "/private/var/folders/km/wl0tx9197gz3__0_h7y9gfyr0000gn/T/tmpn5ygqmbc/lib/libcrypto.3.dylib" (cs_mtime:1678912860.971028164 == mtime:1678912860.971028164) (signed:1 validated:1 tainted:1 nx:0 wpmapped:0 dirty:0 depth:0)',
];

// One real `log show --style ndjson` line (coreaudiod on macOS 26, as a
// parser's test quotes it): the fields and their order as `log` prints them.
export function ndjsonLine(o: { eventMessage: string; timestamp: string; processID: number }): string {
  return JSON.stringify({
    timezoneName: '',
    messageType: 'Default',
    eventType: 'logEvent',
    source: null,
    formatString: '%s',
    subsystem: '',
    category: '',
    processImagePath: '/kernel',
    senderImagePath: '/kernel',
    timestamp: o.timestamp,
    eventMessage: o.eventMessage,
    processID: o.processID,
  });
}
