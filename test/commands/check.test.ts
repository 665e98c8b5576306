import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox, runReal } from '../helpers/sandbox.js';

interface Row {
  file: string;
  via: string;
  source: string;
  state: string;
}

// Outside any project, `uv-shim check` checks the interpreter uv itself
// picks there: the one `uv python find` names (here, with no managed
// Python and downloads off, the first Python on PATH).
describe('uv-shim check outside a project', () => {
  it('checks the interpreter uv python find picks, with and without --python', async () => {
    const sb = makeSandbox();
    for (const request of [[], ['3']]) {
      const found = await runReal(sb, 'uv', ['python', 'find', ...request]);
      expect(found.code, found.stderr).toBe(0);
      const picked = found.stdout.toString().trim();
      const check = await uvShim(sb, ['check', '--json', ...(request.length ? ['--python', request[0]!] : [])]);
      expect(check.code, check.stderr).toBe(0);
      const rows = JSON.parse(check.stdout.toString()) as Row[];
      expect(rows.at(-1)).toMatchObject({ via: picked, file: realpathSync(picked), source: 'search-path', state: 'ok' });
    }
  });

  it('says so when uv would find no interpreter either', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_PYTHON_SEARCH_PATH: sb.root };
    expect((await runReal(sb, 'uv', ['python', 'find'], { env })).code).not.toBe(0);
    const check = await uvShim(sb, ['check'], env);
    expect(check.stdout.toString()).toContain('No interpreter found');
    expect(check.code).toBe(0);
  });
});
