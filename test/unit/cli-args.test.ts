// A plain `build` is read by Node's own parser (yargs is not even loaded); anything unusual goes to
// yargs, which explains it. Both must agree on what a plain build means.
import { describe, expect, it } from 'vitest';
import { plainBuildArgs } from '../../src/cli/build.js';

describe('the fast path of a plain build', () => {
  it('reads files and each option in the spellings it shares with yargs', () => {
    expect(plainBuildArgs(['build', 'a.yaml', '-o', 'public', '--format=pdf,epub', '--jobs', '2', 'b.yaml', '--report', 'r.json'])).toEqual({
      files: ['a.yaml', 'b.yaml'],
      out: 'public',
      format: 'pdf,epub',
      templates: undefined,
      report: 'r.json',
      jobs: '2',
      shard: undefined,
    });
    expect(plainBuildArgs(['build'])).toMatchObject({ files: [], out: 'out', format: 'pdf,epub' });
    // After `--`, a name that starts with "-" is a file.
    expect(plainBuildArgs(['build', '--out', 'x', '--', '-dash.yaml', '--quiet'])).toMatchObject({ files: ['-dash.yaml', '--quiet'], out: 'x' });
  });

  it('leaves to yargs what yargs must explain or read otherwise', () => {
    for (const argv of [
      ['validate', 'a.yaml'],
      ['build', '--help'],
      ['build', '--format', 'pdf', '--format', 'epub'],
      ['build', '--out', '-x'],
      ['build', '--out='],
      ['build', '--unknown'],
      ['build', '--quiet', '--verbose'],
      ['build', '--out'],
      // A short option's attached value: parseArgs would keep the "=" (a folder named "=dir").
      ['build', 'a.yaml', '-o=dir'],
      ['build', 'a.yaml', '-j=2'],
      ['build', 'a.yaml', '-f=html'],
      ['build', 'a.yaml', '-odir'],
    ]) {
      expect(plainBuildArgs(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
