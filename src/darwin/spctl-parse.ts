// Pure parser for `spctl --assess --type execute -vv FILE` (written on
// stderr). Real shapes:
//   FILE: accepted / source=Notarized Developer ID / origin=Developer ID Application: … (TEAM)
//   FILE: rejected / source=no usable signature
//   FILE: rejected (the code is valid but does not seem to be an app) / origin=…
//   FILE: rejected                       (ad-hoc signature)
//   FILE: CSSMERR_TP_CERT_REVOKED        (an error, not a verdict)
export interface SpctlAssessment {
  verdict: 'accepted' | 'rejected' | 'error';
  // The rule that decided ("Notarized Developer ID", "no usable signature").
  source: string | null;
  // The signing authority, when spctl names one.
  origin: string | null;
  // The parenthesised reason after "rejected", or the error text.
  detail: string | null;
  exitCode: number | null;
  raw: string;
}

export function parseSpctlAssess(raw: string, path: string, exitCode: number | null): SpctlAssessment {
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  const head = lines.find((l) => l.startsWith(`${path}: `))?.slice(path.length + 2).trim() ?? lines.find((l) => l.trim())?.trim() ?? '';
  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).trim() ?? null;
  const verdictMatch = /^(accepted|rejected)(?:\s*\((.*)\))?$/.exec(head);
  const verdict = verdictMatch && (exitCode === 0) === (verdictMatch[1] === 'accepted') ? (verdictMatch[1] as 'accepted' | 'rejected') : 'error';
  return {
    verdict,
    source: value('source'),
    origin: value('origin'),
    detail: verdict === 'error' ? head || null : verdictMatch?.[2] ?? null,
    exitCode,
    raw,
  };
}
