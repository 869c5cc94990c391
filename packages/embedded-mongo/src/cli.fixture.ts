import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

/**
 * The CLI as a user runs it (`npx embedded-mongo` runs this bin), in a child
 * process so that it can be killed the hard way.
 */

const repoRoot = resolve(__dirname, '../../..');
const bin = resolve(__dirname, '../bin/embedded-mongo.js');

export interface Cli {
  readonly child: ChildProcess;
  /** The URI printed on stdout once serving. */
  readonly uri: Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const uri = new Promise<string>((resolveUri, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(mongodb:\/\/\S+)\n/.exec(stdout);
      if (line) resolveUri(line[1]);
    });
    void exited.then(({ code }) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  uri.catch(() => undefined); // observed by the tests that expect a start
  return { child, uri, exited, stderr: () => stderr };
}
