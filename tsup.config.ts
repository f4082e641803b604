import { defineConfig, type Options } from 'tsup';

/** An esbuild plugin, typed through tsup (esbuild is tsup's dependency, not ours). */
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The conversation checker uses only the public API (`src/index.ts`); in its build that import
 * stays an import of the main entry (`./index.js` / `./index.cjs`) instead of a second copy of
 * the codec, so both entry points share one `MqttCodecError` class.
 */
const publicApiExternal: Plugin = {
  name: 'public-api-external',
  setup(build) {
    // tsup builds the CJS output as ESM and converts it afterwards; its file extension tells them apart.
    const file = build.initialOptions.outExtension?.['.js'] === '.cjs' ? './index.cjs' : './index.js';
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, () => ({ path: file, external: true }));
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
  // mqtt-codec/conversation: the conversation checker, ESM and CJS, importing the main entry.
  {
    entry: { conversation: 'src/conversation/index.ts' },
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
