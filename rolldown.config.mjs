// Bundles the two entries tsc emitted into CommonJS, each with every lazily
// imported module in a chunk of its own:
//   dist/bin/shim.js    → dist/launch/shim.cjs   (the uv and uvx launchers)
//   dist/bin/uv-shim.js → dist/cli/uv-shim.cjs   (run by shims/uv-shim, package.json bin)
// Node 20 pays about half a millisecond per ESM module it loads and more to
// start its ESM loader at all; the everyday `uv` run loads ~20 of our
// modules, `uv-shim inspect` ~15, so one CJS file is what keeps our own
// startup small (see `npm run bench`). Two builds, not one with two
// inputs, so that code the entries share does not move the shim's modules
// into chunks it would then have to load on every run. npm packages stay
// external and load from node_modules as usual; dynamic imports stay
// dynamic.
import { lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';

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
  // Every run with a config file loads the config loader: its modules make
  // one file, as each file Node resolves, reads and compiles costs ~0.2 ms
  // besides its size. state-file stays a chunk of its own: the guard reads
  // its verdicts with it and must not load the config loader for that.
  codeSplitting: {
    includeDependenciesRecursively: false,
    groups: [{ name: 'config-load', test: /[\\/]dist[\\/]config[\\/](load|ownership|parse|trust)\.js$|^\0rolldown[\\/]runtime/ }],
  },
});

// The launchers run dist/launch/ on every `uv` call, also while install.sh
// rebuilds: emptying it in place failed a call now and then. So each build
// goes into a fresh dist/launch.<time>/, complete before it is swapped in
// with two rename(2) calls: the old directory out, the new one in. A launcher
// that falls between the two finds no build and looks again once
// (shims/uv). A real directory, not a symlink, because npm packs no
// symlinks. A run that started on the old build and loads a lazy chunk
// afterwards finds the new build's files; one whose chunk changed gets a
// warning and uv runs without that step.
const stamp = `launch.${Date.now().toString(36)}`;

function swapIn(dir) {
  return {
    name: 'swap-in-launch-build',
    writeBundle() {
      const live = 'dist/launch';
      const old = `dist/launch.old-${process.pid}`;
      if (lstatSync(live, { throwIfNoEntry: false })) renameSync(live, old);
      renameSync(dir, live);
      for (const d of readdirSync('dist')) if (d.startsWith('launch.')) rmSync(`dist/${d}`, { recursive: true, force: true });
    },
  };
}

export default [
  { ...common, preserveEntrySignatures: 'allow-extension', input: { shim: 'dist/bin/shim.js' }, output: output(`dist/${stamp}`), plugins: [swapIn(`dist/${stamp}`)] },
  { ...common, input: { 'uv-shim': 'dist/bin/uv-shim.js' }, output: output('dist/cli') },
];
