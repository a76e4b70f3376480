import { writeFileSync } from 'node:fs';
import { jsonSchemaOfConfig } from '../config/parse-config';

/** Writes config/caregate.schema.json (editors validate config files against it via "$schema"). */
const target = new URL('../config/caregate.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(jsonSchemaOfConfig(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
