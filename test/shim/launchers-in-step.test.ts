import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIMS_DIR } from '../helpers/sandbox.js';

// shims/uv and shims/uvx are one launcher written twice: each must be a
// single file that /bin/sh and Node can both read without finding the other
// (a shared sourced file would cost a readlink fork on every call, see
// shims/uv-shim). So the copy is kept honest here: uvx is uv with the tool's
// name changed, and nothing else.
describe('the uv and uvx launchers', () => {
  it('differ only in the name of the tool they stand in for', () => {
    const uv = readFileSync(join(SHIMS_DIR, 'uv'), 'utf8');
    const uvx = readFileSync(join(SHIMS_DIR, 'uvx'), 'utf8');
    const asUvx = uv
      .replace(/^uv_shim_tool=uv$/m, 'uv_shim_tool=uvx')
      .replace('stands in for uv and', 'stands in for uvx and')
      .replace('UV_SHIM_BYPASS=1 uv …', 'UV_SHIM_BYPASS=1 uvx …');
    expect(asUvx).not.toBe(uv);
    expect(uvx).toBe(asUvx);
  });
});
