import { describe, expect, it } from 'vitest';
import kleur from 'kleur';
import type { Explanation } from '../../src/explain/facts.js';
import { fixCommands } from '../../src/explain/fixes.js';
import { renderText } from '../../src/explain/render-text.js';

// The longest explanation there is: macOS, a universal binary with a broken
// slice, both marks, a blocked repair of several commands.
const FILE = '/Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13';
const WORST: Explanation = {
  schema: 1,
  platform: 'darwin',
  trigger: 'query-failed',
  cause: 'macos-refused',
  command: ['uvx', 'dvc', '--version'],
  exit: { code: 2, signal: null },
  attempt: 1,
  memory: null,
  killed: {
    file: FILE,
    via: '/Users/me/.local/share/uv/tools/dvc/bin/python',
    provenance: true,
    quarantine: true,
    signature: { adhoc: true, teamId: null, pageHashesValid: false },
    spctl: 'rejected (exit 3)',
    reason: 'the system kills it on start with SIGKILL',
    managed: true,
  },
  repair: {
    attempted: true,
    helped: false,
    blocked: true,
    commands: [`xattr -d com.apple.provenance ${FILE}`, `/usr/bin/codesign --force --sign - ${FILE}`],
    error: 'Operation not permitted',
    skipped: null,
  },
  retry: 'none',
  fixes: [],
  upstream: 'https://github.com/astral-sh/uv/issues/16726',
};
WORST.fixes = fixCommands(WORST.killed!);

function paint(enabled: boolean) {
  const k = kleur;
  k.enabled = enabled;
  return k;
}

describe('the text renderer', () => {
  it('keeps the longest explanation within 15 lines', () => {
    const lines = renderText(WORST, paint(false));
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS killed that Python (SIGKILL, no log).
        file:      /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13 (via /Users/me/.local/share/uv/tools/dvc/bin/python)
        xattrs:    com.apple.provenance present, com.apple.quarantine present
        signature: ad-hoc, TeamIdentifier not set, page hashes INVALID
        spctl:     rejected (exit 3)
        tried:     xattr -d com.apple.provenance /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13; codesign --force --sign - /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13: refused by the system (Operation not permitted)
        fix:       xattr -d com.apple.provenance /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
                   xattr -d com.apple.quarantine /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
                   codesign --force --sign - /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv python install --reinstall 3.13.3\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
  });

  it('colours only when its paint does', () => {
    expect(renderText(WORST, paint(false)).join('\n')).not.toContain('\x1b[');
    expect(renderText(WORST, paint(true)).join('\n')).toContain('\x1b[');
  });
});
