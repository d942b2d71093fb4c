// The `flowscope` command line (bin/flowscope.mjs runs this file): one subcommand per job.
import 'server-only';
import { recommendCommand } from './recommend-command';
import { whatIfCommand } from './what-if-command';
import type { CommandIo } from './what-if-command';

export const USAGE = `Usage: flowscope <command> [options]

Commands:
  what-if   which flows of a Hubble capture a policy change would decide otherwise
            (flowscope what-if --help for its options)
  recommend the smallest policy change that allows the drops of a Hubble capture
            (flowscope recommend --help for its options)

Exit status 2 means bad usage or unreadable input.
`;

export async function main(args: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'what-if':
      return whatIfCommand(rest, io);
    case 'recommend':
      return recommendCommand(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return 0;
    case undefined:
      io.stderr(USAGE);
      return 2;
    default:
      io.stderr(`flowscope: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

const io: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `flowscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 2;
  },
);
