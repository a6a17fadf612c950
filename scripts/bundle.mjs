// Bundles a TypeScript entry point that runs outside Next (the custom server, command-line
// tools) into one CommonJS file. npm packages stay external; `server-only` is replaced by
// an empty module, because outside Next's React Server bundle everything is server code.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function bundle(entry, outfile) {
  await build({
    entryPoints: [path.resolve(root, entry)],
    outfile: path.resolve(root, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    alias: { 'server-only': path.join(root, 'lib/server/empty.js') },
    sourcemap: 'linked',
    logLevel: 'warning',
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  return path.resolve(root, outfile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [entry, outfile] = process.argv.slice(2);
  await bundle(entry, outfile);
}
