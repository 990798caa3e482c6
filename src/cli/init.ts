// `briefing init <id>`: a new briefing file with every field commented (written by new-briefing.ts,
// loaded only for this command).
import type { Argv } from 'yargs';
import type { Run } from './run.js';
import { EXIT } from './errors.js';
import { GLOBAL_OPTIONS } from './options.js';
import { reportError, say } from './output.js';

export function initCommand(y: Argv, run: Run) {
  return y.command(
    'init <id>',
    'Start a new briefing: writes data/<id>.yaml with every field commented, next to its JSON Schema',
    (y) =>
      y
        .positional('id', { type: 'string', demandOption: true, describe: 'slug that names the briefing and its outputs' })
        .option('dir', { type: 'string', default: 'data', describe: 'folder for the new file' })
        .option('force', { type: 'boolean', describe: 'replace the file if it exists' })
        .example('$0 init nato-summit-2025', 'write data/nato-summit-2025.yaml, ready to fill in')
        .example('$0 init nato-summit-2025 --dir briefings --force', 'start it again in briefings/, replacing the earlier file')
        .group(['dir', 'force'], 'Options:')
        .group(GLOBAL_OPTIONS, 'Global options:'),
    async (args) => {
      try {
        const { initBriefing } = await import('./new-briefing.js');
        const file = await initBriefing(args.id, args.dir, new Date(), { force: args.force === true });
        say(`wrote ${file}`);
        say(`edit it, then: npx briefing watch ${file}   (live preview)   or: npx briefing build ${file}`);
      } catch (err) {
        reportError(err, args.id);
        run.exit(EXIT.failed);
      }
    },
  );
}
