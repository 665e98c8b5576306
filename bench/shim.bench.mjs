// What the shim costs on the everyday path: `uv --version` run directly,
// through the installed shim (a symlink to shims/uv, as `uv-shim install`
// makes), and a bare `node -e 0`, all interleaved in one loop. The shim's
// own work is what is left of the shim's time after the real uv's and
// Node's startup are taken out, as a share of bare Node startup.
//
// The same, in the situations users are in:
// - NODE_EXTRA_CA_CERTS at a full CA bundle (corporate Macs, this machine):
//   the launcher sets it aside for the shim's Node, so the shim should cost
//   what it costs without it; `node -e 0` with it shows what Node alone pays.
// - a config file present (`{}`): what reading it adds.
// - one trivial hook (`"true"`): what it adds over the config file, less the
//   hook's own process (`/bin/sh -c true`, spawned the same way).
//
// A further row is the floor for any Node wrapper: node spawning uv with
// inherited stdio and exiting with its code, nothing else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export default async function shimBench(h) {
  const sb = h.sandbox();
  const node = process.execPath;
  const uv = join(h.realUvDir, 'uv');
  const shim = join(sb.shimBin, 'uv');
  const configured = join(sb.root, 'configured');
  const hooked = join(sb.root, 'hooked');
  for (const d of [configured, hooked]) mkdirSync(d);
  writeFileSync(join(configured, '.uv-shimrc.json'), '{}\n');
  writeFileSync(join(hooked, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: ['true'] } }));
  const withCa = { ...sb.env, NODE_EXTRA_CA_CERTS: CA_BUNDLE };
  // Project hooks run only once trusted (uv-shim trust, or this variable).
  const trusted = { ...sb.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' };
  const floorScript = `require('node:child_process').spawn(${JSON.stringify(uv)}, ['--version'], { stdio: 'inherit' }).on('exit', (c) => process.exit(c))`;
  const t = await h.timeAll(
    [
      { label: 'uv --version (direct)', file: uv, args: ['--version'] },
      { label: 'uv --version (through the shim)', file: shim, args: ['--version'] },
      { label: 'node -e 0', file: node, args: ['-e', '0'] },
      { label: 'node spawning uv --version (floor)', file: node, args: ['-e', floorScript] },
      { label: 'uv --version (shim, NODE_EXTRA_CA_CERTS set)', file: shim, args: ['--version'], env: withCa },
      { label: 'node -e 0 (NODE_EXTRA_CA_CERTS set)', file: node, args: ['-e', '0'], env: withCa },
      { label: 'uv --version (shim, config file {})', file: shim, args: ['--version'], cwd: configured },
      { label: 'uv --version (shim, one hook "true")', file: shim, args: ['--version'], cwd: hooked, env: trusted },
      { label: "/bin/sh -c true (the hook's own process)", file: '/bin/sh', args: ['-c', 'true'] },
    ],
    { runs: 30, env: sb.env, cwd: sb.work },
  );
  const direct = t['uv --version (direct)'];
  const bare = t['node -e 0'];
  const own = t['uv --version (through the shim)'] - direct - bare;
  const floor = t['node spawning uv --version (floor)'] - direct - bare;
  const ownCa = t['uv --version (shim, NODE_EXTRA_CA_CERTS set)'] - direct - bare;
  const config = t['uv --version (shim, config file {})'] - t['uv --version (through the shim)'];
  const hook = t['uv --version (shim, one hook "true")'] - t['uv --version (shim, config file {})'] - t["/bin/sh -c true (the hook's own process)"];
  h.row('shim own work (shim − direct − node)', own, '', 'ms');
  h.row('of which any Node wrapper pays (floor − direct − node)', floor, '', 'ms');
  h.row('of which the launcher and the shim code (shim − floor)', own - floor, '', 'ms');
  h.row('shim own work, NODE_EXTRA_CA_CERTS set', ownCa, '', 'ms');
  h.row('what NODE_EXTRA_CA_CERTS costs Node (node with − node without)', t['node -e 0 (NODE_EXTRA_CA_CERTS set)'] - bare, '', 'ms');
  h.row('config file {} (shim with − shim without)', config, '', 'ms');
  h.row("one hook (hook − config file − the hook's own process)", hook, '', 'ms');
  h.ratio('shim own work / bare node startup', own / bare, '(target ≤ 15%)');
  h.ratio('shim own work with NODE_EXTRA_CA_CERTS / bare node startup', ownCa / bare, '(target ≤ 15%)');
  h.ratio('floor of any Node wrapper / bare node startup', floor / bare);
  h.ratio('launcher + shim code / bare node startup', (own - floor) / bare);
  h.ratio('shim / direct uv', t['uv --version (through the shim)'] / direct);
  h.ratio('config file {} / bare node startup', config / bare, `(${config.toFixed(2)} ms; target ≤ 2 ms)`);
  h.ratio('one hook / bare node startup', hook / bare, `(${hook.toFixed(2)} ms; target ≤ 5 ms)`);
}
