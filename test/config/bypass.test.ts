import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FALSE_WORDS, TRUE_WORDS } from '../../src/config/settings.js';
import { makeSandbox, runShim } from '../helpers/sandbox.js';

// Every spelling of yes and no the declaration accepts, as users type them.
const spellings = (words: readonly string[]) => words.flatMap((w) => [...new Set([w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)])]);

// UV_SHIM_BYPASS is read by the launchers' sh (before Node starts) and by
// the shim: whichever reads it, the words are the declaration's. A broken
// config file shows which way it went: bypassed, nothing reads it.
describe('UV_SHIM_BYPASS takes exactly the yes/no words of the declaration', () => {
  it('bypasses for every yes word, in any case, and not for the no words, empty or others', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ repair: 'sometimes' }));
    const warned = async (value: string) => {
      const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_BYPASS: value } });
      expect(r.code).toBe(0);
      return r.stderr.includes('repair: expected one of');
    };
    for (const word of spellings(TRUE_WORDS)) expect(await warned(word), word).toBe(false);
    for (const word of [...spellings(FALSE_WORDS), '', '2', 'y', ' 1']) expect(await warned(word), JSON.stringify(word)).toBe(true);
  });
});
