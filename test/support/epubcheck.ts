// EPUBCheck for the tests, cheap enough to call for every book: `await epubcheck(file)`.
//
// One EPUBCheck process costs ~15 s of CPU (JVM start and schema loading), a further book in the
// same JVM ~0.1-0.5 s. So:
// - results are cached on disk by the book's sha256 (and the EPUBCheck jar's and runner's), in
//   node_modules/.cache/briefing-tests/epubcheck/: the same bytes always get the same verdict;
// - during a vitest run, the global set-up (test/support/global-setup.ts) keeps one JVM for all test
//   files, started on the first request: a test copies the book into a spool folder, the set-up hands
//   its name to the JVM (EpubcheckRunner.java --serve), the test waits for the report to appear;
// - outside vitest's set-up (no spool provided), the books asked for together are checked in one JVM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { inject } from 'vitest';
import { epubcheckJar } from '../../scripts/test-tools.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The spool folder of the run's shared EPUBCheck JVM (see startEpubcheckBroker). */
    epubcheckSpool: string;
  }
}

export interface EpubcheckMessage {
  ID: string;
  severity: 'FATAL' | 'ERROR' | 'WARNING' | 'USAGE' | 'INFO' | string;
  message: string;
  locations: { path: string; line: number; column: number }[];
}

export interface EpubcheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  /** Every fatal, error and warning as one line: `ERROR RSC-005 message @ OEBPS/x.xhtml:3` (empty when valid). */
  problems: string[];
  /** All of EPUBCheck's messages, as its JSON report gives them. */
  messages: EpubcheckMessage[];
  /** The EPUB version EPUBCheck read from the package, e.g. "3.0". */
  ePubVersion: string;
}

interface Report {
  checker: { nFatal: number; nError: number; nWarning: number };
  publication: { ePubVersion: string };
  messages: EpubcheckMessage[];
}

const root = join(import.meta.dirname, '..', '..');
const runner = join(import.meta.dirname, 'EpubcheckRunner.java');
// C1 only and the serial collector: EPUBCheck's work is short-lived, and the JVM's defaults spend
// twice the CPU on it (14.6 s against 5.2 s user for one book here). -Xss as Debian's wrapper sets it.
const JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-Xss1024k'];

function javaArgs(...args: string[]): string[] {
  return [...JVM_FLAGS, '-cp', epubcheckJar(), runner, ...args];
}

let reportsDir: string | undefined;
/** The cache folder, named for the EPUBCheck jar and runner in use so that a new version starts afresh. */
export function epubcheckReports(): string {
  if (!reportsDir) {
    const version = createHash('sha256').update(readFileSync(epubcheckJar())).update(readFileSync(runner)).digest('hex').slice(0, 16);
    reportsDir = join(root, 'node_modules', '.cache', 'briefing-tests', 'epubcheck', version);
    mkdirSync(reportsDir, { recursive: true });
  }
  return reportsDir;
}

function summarize(report: Report): EpubcheckResult {
  const problems = report.messages
    .filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity))
    .map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`);
  return {
    fatals: report.checker.nFatal,
    errors: report.checker.nError,
    warnings: report.checker.nWarning,
    problems,
    messages: report.messages,
    ePubVersion: report.publication.ePubVersion,
  };
}

function readReport(file: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function providedSpool(): string | undefined {
  try {
    return inject('epubcheckSpool');
  } catch {
    return undefined; // not inside a vitest worker
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** EPUBCheck's verdict on the EPUB at `file`. */
export async function epubcheck(file: string): Promise<EpubcheckResult> {
  const bytes = await readFile(file);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const reportFile = join(epubcheckReports(), `${sha}.json`);
  const cached = readReport(reportFile);
  if (cached) return summarize(cached);
  const spool = providedSpool();
  if (spool) await viaBroker(spool, sha, bytes, reportFile);
  else await inBatch(file, reportFile);
  const report = readReport(reportFile);
  if (!report) throw new Error(`EPUBCheck gave no report for ${file}`);
  return summarize(report);
}

async function viaBroker(spool: string, sha: string, bytes: Buffer, reportFile: string): Promise<void> {
  // Written aside and renamed, so the broker never sees half a book.
  const part = join(spool, `${sha}.${randomUUID()}.part`);
  writeFileSync(part, bytes);
  renameSync(part, join(spool, `${sha}.epub`));
  const error = join(spool, `${sha}.error`);
  const dead = join(spool, 'DEAD');
  for (;;) {
    if (existsSync(reportFile)) return;
    if (existsSync(error)) throw new Error(`EPUBCheck failed on the book: ${readFileSync(error, 'utf8')}`);
    if (existsSync(dead)) throw new Error(`the tests' EPUBCheck process ended: ${readFileSync(dead, 'utf8')}`);
    await sleep(100);
  }
}

/** Books asked for in the same moment, checked by one JVM (used outside vitest's global set-up). */
let batch: { file: string; report: string; done: { resolve(): void; reject(e: Error): void } }[] = [];
function inBatch(file: string, report: string): Promise<void> {
  return new Promise((resolve, reject) => {
    batch.push({ file, report, done: { resolve, reject } });
    if (batch.length > 1) return;
    setTimeout(() => {
      const books = batch;
      batch = [];
      const child = spawn('java', javaArgs(...books.flatMap((b) => [b.file, b.report])), { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
      child.on('error', (err) => books.forEach((b) => b.done.reject(err)));
      child.on('close', (status) => {
        for (const b of books) {
          if (existsSync(b.report)) b.done.resolve();
          else b.done.reject(new Error(`EPUBCheck (status ${status}) gave no report for ${b.file}: ${stderr}`));
        }
      });
    }, 50);
  });
}

export interface EpubcheckBroker {
  spool: string;
  close(): Promise<void>;
}

/**
 * The run-wide EPUBCheck service, for vitest's global set-up: watches a spool folder for `<sha>.epub`
 * requests and feeds their names to one JVM, started on the first request (a run without EPUB
 * tests starts none). If the JVM dies, `DEAD` in the spool says why and waiting tests fail with that.
 */
export function startEpubcheckBroker(): EpubcheckBroker {
  const spool = mkdtempSync(join(tmpdir(), 'briefing-epubcheck-'));
  const reports = epubcheckReports();
  let jvm: ChildProcess | undefined;
  let stderr = '';
  let closing = false;
  const inFlight = new Set<string>();

  const start = (): ChildProcess => {
    const child = spawn('java', javaArgs('--serve', spool, reports), { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('done ')) inFlight.delete(line.slice(5));
    });
    const died = (why: string) => {
      if (!closing) writeFileSync(join(spool, 'DEAD'), `${why}\n${stderr}`);
    };
    child.on('error', (err) => died(String(err)));
    child.on('exit', (code, signal) => died(`exit ${code ?? signal}`));
    return child;
  };

  const scan = () => {
    if (closing) return;
    let names: string[];
    try {
      names = readdirSync(spool);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.epub')) continue;
      const sha = name.slice(0, -'.epub'.length);
      if (inFlight.has(sha)) continue; // the JVM will read (and remove) this file
      if (existsSync(join(reports, `${sha}.json`))) {
        rmSync(join(spool, name), { force: true }); // checked meanwhile; the asker finds the report
        continue;
      }
      inFlight.add(sha);
      jvm ??= start();
      jvm.stdin!.write(`${sha}\n`);
    }
  };

  const watcher: FSWatcher = watch(spool, scan);
  // fs.watch can miss events on some file systems; a slow sweep catches what it missed.
  const sweep = setInterval(scan, 500);
  sweep.unref();

  return {
    spool,
    async close() {
      closing = true;
      watcher.close();
      clearInterval(sweep);
      if (jvm && jvm.exitCode === null && jvm.signalCode === null) {
        const exited = new Promise((resolve) => jvm!.once('exit', resolve));
        jvm.stdin!.end(); // the runner exits when its input ends
        const timer = setTimeout(() => jvm!.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(spool, { recursive: true, force: true });
    },
  };
}
