import { bundle } from './bundle.mjs';

await bundle('server.ts', 'dist/server.js');
