import { it } from 'vitest';
import { readAll } from '../support/text-engines.js';
it('prints', async () => {
  const [t] = await readAll(['/tmp/hy/out/english-long.pdf']);
  for (const [e, pages] of Object.entries(t!)) console.log(`== ${e}\n${(pages as string[]).join('\f').split('\n').filter((l) => /emphas|harmon|unam|biguous/.test(l)).join('\n')}`);
}, 120000);
