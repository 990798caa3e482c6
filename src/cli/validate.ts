// `briefing validate`: every problem of each file, one line each, and its orthography warnings.
import type { Argv } from 'yargs';
import type { Run } from './run.js';
import { printable } from '../model/strings.js';
import { EXIT, UsageError } from './errors.js';
import { GLOBAL_OPTIONS, withFilesAfterDashes } from './options.js';
import { isVerbose, plural, printDiagnostics, reportError, say } from './output.js';

export function validateCommand(y: Argv, run: Run) {
  return y.command(
    'validate [files..]',
    'Check briefing data files and list every problem found, one line each, and every orthography warning',
    (y) =>
      y
        // No default: yargs would show "[default: []]" for a list.
        .positional('files', { type: 'string', array: true, default: undefined, describe: 'briefing files (.yaml, .yml, .json); at least one' })
        .option('strict', { type: 'boolean', describe: 'exit 1 when there are warnings too (orthography: see briefing fix)' })
        .example('$0 validate data/nato-summit-2025.yaml', 'ok, or each problem as file:line:col: field: message')
        .example('$0 validate data/*.yaml --quiet', 'print the problems only (exit 1 if there are any)')
        .example('$0 validate --strict data/*.yaml', 'in CI: orthography warnings fail too')
        .group(['strict'], 'Options:')
        .group(GLOBAL_OPTIONS, 'Global options:'),
    async (args) => {
      const files = withFilesAfterDashes(args.files, args);
      if (files.length === 0) throw new UsageError('name the briefing files to check (briefing validate data/x.yaml)');
      run.exit(await validate(files, args.strict === true));
    },
  );
}

async function validate(files: string[], strict = false): Promise<number> {
  const [{ loadBriefingWithPlaces }, { orthographyWarnings }] = await Promise.all([import('../model/load.js'), import('../orthography/check.js')]);
  let failed = 0;
  for (const file of files) {
    try {
      const { briefing: b, data } = await loadBriefingWithPlaces(file);
      const warnings = orthographyWarnings(Buffer.from(data.bytes).toString('utf8'), file);
      printDiagnostics(warnings);
      if (strict && warnings.length > 0) failed++;
      const status = warnings.length === 0 ? 'ok' : `${strict ? 'failed' : 'ok'}, ${plural(warnings.length, 'warning')}${strict ? ' (--strict)' : ''}`;
      say(`${printable(file)}: ${status}${isVerbose() ? ` (id ${b.id}, ${b.layout ?? 'layout chosen at build'}, ${plural(b.statements.length, 'statement')}, ${plural(b.participants.length, 'participant')})` : ''}`);
    } catch (err) {
      failed++;
      reportError(err, file);
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
