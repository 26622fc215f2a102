/**
 * What every command-line tool shares: where it writes, and running its main function when the
 * module is the program itself (started through npm's bin symlink, or as `node dist/cli/X.js`)
 * rather than imported by a test.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a tool writes; tests pass collectors. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A tool's main function: arguments, environment and writers in, exit status out. */
export type CliMain = (argv: string[], env: NodeJS.ProcessEnv, io: CliIo) => Promise<number>;

function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Runs `main` with the process's arguments, environment and streams if `moduleUrl` is the program. */
export function runIfMain(moduleUrl: string, main: CliMain): void {
  if (!isMain(moduleUrl)) return;
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  void main(process.argv.slice(2), process.env, io).then((code) => {
    process.exitCode = code;
  });
}
