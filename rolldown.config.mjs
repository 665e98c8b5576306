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

export default [
  { ...common, input: { shim: 'dist/bin/shim.js' }, output: output('dist/launch') },
  { ...common, input: { 'uv-shim': 'dist/bin/uv-shim.js' }, output: output('dist/cli') },
];
