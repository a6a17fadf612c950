// `node scripts/run.mjs scripts/x.ts [args...]`: bundles the TypeScript entry (see
// bundle.mjs) into node_modules/.cache and runs it with the remaining arguments.
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundle } from './bundle.mjs';

const [entry, ...args] = process.argv.slice(2);
const out = await bundle(entry, path.join('node_modules/.cache/mesibo-admin', `${path.basename(entry, '.ts')}.cjs`));
process.argv = [process.argv[0], out, ...args];
createRequire(import.meta.url)(out);
