import { execFileSync } from 'node:child_process';

// What pip on this machine uses to reach packages, translated for uv. The
// tests never name an index host themselves: whatever `pip config list` and
// PIP_* variables say is what uv gets. Worked out once by the global setup
// with the tests' Python; tests get it through inject('uvIndexEnv').
export function uvIndexEnvFromPip(python: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  let listing = '';
  try {
    listing = execFileSync(python, ['-m', 'pip', 'config', 'list'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    // No pip config: uv's own defaults apply.
  }
  const settings = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const m = /^[^.]*\.([a-z-]+)='(.*)'$/.exec(line.trim());
    if (m) settings.set(m[1]!, m[2]!);
  }
  const pick = (name: string) => env[`PIP_${name.toUpperCase().replace(/-/g, '_')}`] ?? settings.get(name);
  const indexUrl = pick('index-url');
  const extra = pick('extra-index-url');
  const findLinks = pick('find-links');
  const cert = pick('cert');
  if (indexUrl) out.UV_DEFAULT_INDEX = indexUrl;
  if (extra) out.UV_INDEX = extra.split(/\s+/).filter(Boolean).join(' ');
  if (findLinks) out.UV_FIND_LINKS = findLinks.split(/\s+/).filter(Boolean).join(',');
  if (cert) out.SSL_CERT_FILE = cert;
  else if (env.SSL_CERT_FILE) out.SSL_CERT_FILE = env.SSL_CERT_FILE;
  return out;
}
