// What the shim costs on the everyday path: `uv --version` run directly,
// through the installed shim (a symlink to shims/uv, as `uv-shim install`
// makes), and a bare `node -e 0`. The shim's own work is what is left of the
// shim's time after the real uv's and node's startup are taken out.
//
// A fourth row is the floor for any Node wrapper: node spawning uv with
// inherited stdio and exiting with its code, nothing else. The shim's own
// code costs (shim − floor); the rest of its overhead is Node spawning a
// child at all, and the launcher.
import { join } from 'node:path';

export default async function shimBench(h) {
  const sb = h.sandbox();
  const node = process.execPath;
  const uv = join(h.realUvDir, 'uv');
  const floorScript = `require('node:child_process').spawn(${JSON.stringify(uv)}, ['--version'], { stdio: 'inherit' }).on('exit', (c) => process.exit(c))`;
  const t = await h.timeAll(
    [
      { label: 'uv --version (direct)', file: uv, args: ['--version'] },
      { label: 'uv --version (through the shim)', file: join(sb.shimBin, 'uv'), args: ['--version'] },
      { label: 'node -e 0', file: node, args: ['-e', '0'] },
      { label: 'node spawning uv --version (floor)', file: node, args: ['-e', floorScript] },
    ],
    { runs: 40, env: sb.env, cwd: sb.work },
  );
  const direct = t['uv --version (direct)'];
  const shim = t['uv --version (through the shim)'];
  const bare = t['node -e 0'];
  const floor = t['node spawning uv --version (floor)'];
  const own = shim - direct - bare;
  h.row('shim own work (shim − direct − node)', own, '', 'ms');
  h.row('of which any Node wrapper pays (floor − direct − node)', floor - direct - bare, '', 'ms');
  h.row('of which the launcher and the shim code (shim − floor)', shim - floor, '', 'ms');
  h.ratio('shim own work / bare node startup', own / bare, '(target < 15%)');
  h.ratio('floor of any Node wrapper / bare node startup', (floor - direct - bare) / bare);
  h.ratio('launcher + shim code / bare node startup', (shim - floor) / bare);
  h.ratio('shim / direct uv', shim / direct);
}
