import { defineConfig, type Options } from 'tsup';

/** An esbuild plugin, typed through tsup. */
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The parts at the edge — the mqtt-packet drop-in (`src/compat/`), the conversation checker
 * (`src/conversation/`) and the capture reader (`src/capture/`) — use only the public API,
 * imported as `../index.js` (and the capture reader the checker's, as `../conversation/index.js`).
 * In their builds those imports stay imports of the package's own entries (`./index.js`,
 * `./conversation.js`, or their `.cjs`) instead of second copies, so every entry point shares one
 * `MqttCodecError` class.
 */
const publicApiExternal: Plugin = {
  name: 'public-api-external',
  setup(build) {
    // tsup builds the CJS output as ESM and converts it afterwards; its file extension tells them apart.
    const ext = build.initialOptions.outExtension?.['.js'] === '.cjs' ? '.cjs' : '.js';
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, () => ({ path: `./index${ext}`, external: true }));
    build.onResolve({ filter: /^\.\.\/conversation\/index\.js$/ }, () => ({ path: `./conversation${ext}`, external: true }));
  },
};

export default defineConfig([
  {
    // The library: browser-safe ESM + CJS with type declarations.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2020',
    platform: 'neutral',
    treeshake: true,
  },
  {
    // mqtt-codec/mqtt-packet (the drop-in for mqtt-packet) and mqtt-codec/conversation (the
    // conversation checker), ESM and CJS, each importing the main entry.
    entry: { 'mqtt-packet': 'src/compat/index.ts', conversation: 'src/conversation/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2020',
    platform: 'neutral',
    treeshake: true,
    esbuildPlugins: [publicApiExternal],
  },
  {
    // mqtt-codec/capture (the capture reader), importing the main and conversation entries; built
    // on its own so that its type declarations do not split the conversation entry's into chunks.
    entry: { capture: 'src/capture/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2020',
    platform: 'neutral',
    treeshake: true,
    esbuildPlugins: [publicApiExternal],
  },
  {
    // The command-line tool (Node only), bundled with the library code it uses.
    entry: { cli: 'cli/main.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: false,
    clean: false,
  },
]);
