// Bundles the two entries tsc emitted into CommonJS, each with every lazily
// imported module in a chunk of its own:
//   dist/bin/shim.js    → dist/launch/shim.cjs   (the uv and uvx launchers)
//   dist/bin/uv-shim.js → dist/cli/uv-shim.cjs   (the uv-shim launcher, package.json bin)
// Node 20 pays about half a millisecond per ESM module it loads and more to
// start its ESM loader at all; the everyday `uv` run loads ~20 of our
// modules, `uv-shim inspect` ~15, so one CJS file is what keeps our own
// startup small (see `npm run bench`). Two builds, not one with two
// inputs, so that code the entries share does not move the shim's modules
// into chunks it would then have to load on every run. npm packages stay
// external and load from node_modules as usual; dynamic imports stay
// dynamic.
import { lstatSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';

const common = {
  platform: 'node',
  external: [/^node:/, /^[a-z@][^:]*$/],
};

const output = (dir) => ({
  dir,
  cleanDir: true,
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
});

// The launchers run dist/launch/ on every `uv` call, also while install.sh
// rebuilds: emptying it in place failed a call now and then. So each build
// goes into a fresh dist/launch.<time>/, and dist/launch is a symlink to it,
// replaced in one rename(2): a run sees the old build or the new one, whole.
// Node resolves the symlink when it loads the bundle, so a run that started
// on the old build loads its lazy chunks from there; the two previous builds
// are kept for such runs, older ones removed.
const stamp = `launch.${Date.now().toString(36)}`;
const KEEP = 3;

function swapIn(dir) {
  return {
    name: 'swap-in-launch-build',
    writeBundle() {
      const link = 'dist/launch';
      const tmp = `dist/.launch-link-${process.pid}`;
      rmSync(tmp, { force: true });
      symlinkSync(dir.slice('dist/'.length), tmp);
      // A directory from before builds were swapped in: out of the way first.
      if (lstatSync(link, { throwIfNoEntry: false })?.isDirectory()) renameSync(link, `dist/launch.0-old-${process.pid}`);
      renameSync(tmp, link);
      const builds = readdirSync('dist').filter((d) => d.startsWith('launch.')).sort();
      for (const old of builds.slice(0, -KEEP)) rmSync(`dist/${old}`, { recursive: true, force: true });
    },
  };
}

export default [
  { ...common, preserveEntrySignatures: 'allow-extension', input: { shim: 'dist/bin/shim.js' }, output: output(`dist/${stamp}`), plugins: [swapIn(`dist/${stamp}`)] },
  { ...common, input: { 'uv-shim': 'dist/bin/uv-shim.js' }, output: output('dist/cli') },
];
