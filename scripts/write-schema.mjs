// Regenerates data/briefing.schema.json from the model (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { briefingJsonSchema } from '../dist/model/schema.js';

writeFileSync(new URL('../data/briefing.schema.json', import.meta.url), `${JSON.stringify(briefingJsonSchema(), null, 2)}\n`);
console.log('wrote data/briefing.schema.json');
