// For the tests of what a template folder may do: the CLI in a child process (so the test's own
// process stays free to answer and count requests meanwhile), a folder holding given files, and a
// local server that counts every request an output makes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, root, tempDir, type CliResult } from '../helpers.js';

/** The CLI on its own process; resolves when it exits. */
export function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** A new templates folder holding these files (paths relative to it, folders made as needed). */
export function templateFolder(files: Record<string, string>, prefix = 'briefing-templates-'): string {
  const dir = tempDir(prefix);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A server on 127.0.0.1 that answers every request with `body` and counts it (and each connection, as it is made). */
export async function countingServer(body: Buffer | string, contentType: string): Promise<{ base: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': contentType }).end(body);
  });
  // Counted when the connection is made, before any request is read.
  server.on('connection', () => requests.push('(connection)'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
