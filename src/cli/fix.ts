// `briefing fix`: the Persian orthography validate warns about, corrected in place.
import type { Argv } from 'yargs';
import type { Run } from './run.js';
import { GLOBAL_OPTIONS, withFilesAfterDashes } from './options.js';
import { say } from './output.js';

export function fixCommand(y: Argv, run: Run) {
  return y.command(
    'fix <files..>',
    'Correct in place the Persian orthography validate warns about (a ZWNJ for the space in می شود, دولت ها; ی and ک for Arabic ي and ك; digits; spaces before punctuation), keeping comments and quoting. E.g. briefing fix data/x.yaml; in CI: briefing fix --check data/*.yaml',
    (y) =>
      y
        .positional('files', { type: 'string', array: true, demandOption: true, default: undefined, describe: 'briefing files (.yaml, .yml, .json)' })
        .option('check', { type: 'boolean', describe: 'write nothing; list what would change and exit 1 if anything would (for CI)' })
        .option('dry-run', { type: 'boolean', describe: 'write nothing; list each correction (file:line:col: field: «before» → «after»)' })
        .example('$0 fix data/mcis-2023.yaml', 'correct the file in place')
        .example('$0 fix --check data/*.yaml', 'in CI: fail when a file needs corrections')
        .group(['check', 'dry-run'], 'Options:')
        .group(GLOBAL_OPTIONS, 'Global options:'),
    async (args) => {
      const { fixFiles } = await import('../orthography/fix-files.js');
      const mode = args.check ? 'check' : args['dry-run'] ? 'dry-run' : 'write';
      const print = { out: say, err: (line: string) => process.stderr.write(`${line}\n`) };
      run.exit(await fixFiles(withFilesAfterDashes(args.files, args), mode, print));
    },
  );
}
