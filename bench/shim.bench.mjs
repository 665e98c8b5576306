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
  // Each figure from wall times and from CPU times (h.cpu): the second is
  // what a loaded machine disturbs least.
  const figures = (m) => {
    const direct = m['uv --version (direct)'];
    const bare = m['node -e 0'];
    const own = m['uv --version (through the shim)'] - direct - bare;
    const floor = m['node spawning uv --version (floor)'] - direct - bare;
    const config = m['uv --version (shim, config file {})'] - m['uv --version (through the shim)'];
    return {
      bare,
      own,
      floor,
      code: own - floor,
      ownCa: m['uv --version (shim, NODE_EXTRA_CA_CERTS set)'] - direct - bare,
      caCost: m['node -e 0 (NODE_EXTRA_CA_CERTS set)'] - bare,
      config,
      hook: m['uv --version (shim, one hook "true")'] - m['uv --version (shim, config file {})'] - m["/bin/sh -c true (the hook's own process)"],
      overDirect: m['uv --version (through the shim)'] / direct,
    };
  };
  const w = figures(t);
  const c = figures(h.cpu);
  const row = (label, key) => h.row(label, w[key], '', 'ms', c[key]);
  row('shim own work (shim − direct − node)', 'own');
  row('of which any Node wrapper pays (floor − direct − node)', 'floor');
  row('of which the launcher and the shim code (shim − floor)', 'code');
  row('shim own work, NODE_EXTRA_CA_CERTS set', 'ownCa');
  row('what NODE_EXTRA_CA_CERTS costs Node (node with − node without)', 'caCost');
  row('config file {} (shim with − shim without)', 'config');
  row("one hook (hook − config file − the hook's own process)", 'hook');
  const ratio = (label, key, note = '') => h.ratio(label, w[key] / w.bare, note, c[key] / c.bare);
  ratio('shim own work / bare node startup', 'own', '(target ≤ 15%)');
  ratio('shim own work with NODE_EXTRA_CA_CERTS / bare node startup', 'ownCa', '(target ≤ 15%)');
  ratio('floor of any Node wrapper / bare node startup', 'floor');
  ratio('launcher + shim code / bare node startup', 'code');
  h.ratio('shim / direct uv', w.overDirect, '', c.overDirect);
  ratio('config file {} / bare node startup', 'config', `(${w.config.toFixed(2)} ms, CPU ${c.config.toFixed(2)} ms; target ≤ 2 ms)`);
  ratio('one hook / bare node startup', 'hook', `(${w.hook.toFixed(2)} ms, CPU ${c.hook.toFixed(2)} ms; target ≤ 5 ms)`);
}
