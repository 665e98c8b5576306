// The everyday path's cost under each Node.js line users run: the machine's
// own Node (the one `npm run bench` runs on) and the pinned 22 and 24 LTS
// binaries that CI also tests on (.ci/node-lts fetches them into .cache/).
// The launcher runs whichever Node UV_SHIM_NODE names, so each line gets the
// same four commands, all interleaved in one loop with direct uv:
// - `node -e 0` of that Node: what starting it costs at all;
// - `uv --version` through the shim on it: the shim's own work is what is
//   left after direct uv and that Node's start are taken out;
// - the floor of a wrapper on it that spawns uv and waits (child_process,
//   fork, wait, Node's exit);
// - where the Node has process.execve (22.15+, 23.11+): a wrapper that hands
//   its process to uv, which pays no wait and no Node exit.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const LINES = ['22', '24'];

function nodeLines(h) {
  const out = [{ line: process.versions.node.split('.')[0], node: process.execPath }];
  for (const line of LINES) {
    if (out.some((o) => o.line === line)) continue;
    try {
      const bin = execFileSync(join(h.repoRoot, '.ci', 'node-lts'), [line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      out.push({ line, node: join(bin, 'node') });
    } catch (error) {
      process.stderr.write(`bench: no Node ${line} (${String(error.stderr ?? error.message).trim().split('\n').pop()}); its rows are left out\n`);
    }
  }
  return out;
}

export default async function nodeVersionsBench(h) {
  const sb = h.sandbox();
  const uv = join(h.realUvDir, 'uv');
  const shim = join(sb.shimBin, 'uv');
  const spawnFloor = `require('node:child_process').spawn(${JSON.stringify(uv)}, ['--version'], { stdio: 'inherit' }).on('exit', (c) => process.exit(c))`;
  const execFloor = `process.execve(${JSON.stringify(uv)}, [${JSON.stringify(uv)}, '--version'], process.env)`;
  const lines = nodeLines(h).map((l) => ({
    ...l,
    version: spawnSync(l.node, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim(),
    execve: spawnSync(l.node, ['-p', "typeof process.execve === 'function'"], { encoding: 'utf8' }).stdout.trim() === 'true',
  }));
  const commands = [{ label: 'uv --version (direct)', file: uv, args: ['--version'] }];
  for (const l of lines) {
    const v = `Node ${l.version}`;
    commands.push(
      { label: `${v}: node -e 0`, file: l.node, args: ['-e', '0'] },
      { label: `${v}: uv --version through the shim`, file: shim, args: ['--version'], env: { ...sb.env, UV_SHIM_NODE: l.node } },
      { label: `${v}: node spawning uv (floor)`, file: l.node, args: ['-e', spawnFloor] },
    );
    if (l.execve) commands.push({ label: `${v}: node execve into uv (floor)`, file: l.node, args: ['-e', execFloor] });
  }
  const t = await h.timeAll(commands, { runs: 30, env: sb.env, cwd: sb.work });
  for (const l of lines) {
    const v = `Node ${l.version}`;
    const of = (m, what) => m[`${v}: ${what}`] - m['uv --version (direct)'] - m[`${v}: node -e 0`];
    const ratio = (label, what, note = '') =>
      h.ratio(`${v}: ${label} / bare node startup`, of(t, what) / t[`${v}: node -e 0`], note, of(h.cpu, what) / h.cpu[`${v}: node -e 0`]);
    h.row(`${v}: shim own work (shim − direct − node)`, of(t, 'uv --version through the shim'), '', 'ms', of(h.cpu, 'uv --version through the shim'));
    ratio('shim own work', 'uv --version through the shim', '(target ≤ 15%)');
    ratio('spawn-and-wait floor', 'node spawning uv (floor)');
    if (l.execve) ratio('execve floor', 'node execve into uv (floor)');
  }
}
