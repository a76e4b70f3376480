import { relative } from 'node:path';
import { buildNode, projectRoot } from './node-build';

/** `npm run build`: the compiled Node gateway in dist/ (`npm run start:prod` runs it with plain node). */
const result = await buildNode({ outdir: 'dist' });
console.log(`node build: ${result.modules} modules in ${result.milliseconds} ms -> ${relative(projectRoot, result.entry)}`);
