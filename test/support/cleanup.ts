// A setup file of every test file (vitest.config.ts): the temporary folders a file made with
// tempDir() are removed when it is done, so a run leaves nothing behind in the temporary folder.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers.js';

afterAll(() => removeTempDirs());
