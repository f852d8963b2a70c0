import path from 'node:path';
import { actingAs, cliActor } from './services/actor';
import { openContext } from './app-context';
import { databaseCommands } from './cli/database';
import { catalogueCommands } from './cli/catalogue';
import { marcCommands } from './cli/marc';
import { readersCommands } from './cli/readers';
import { printLabelCommands } from './cli/print-labels';
import { registerCommands } from './cli/registers';
import { digitalCommands } from './cli/digital';
import { planCommands } from './cli/plan';
import { archiveCommands } from './cli/archive';
import { backupCommands } from './cli/backup';
import { storageError } from './services/backup/storage-errors';
import { opacCommands } from './cli/opac';
import { unionCommands } from './cli/union';
import { unionPushCommands } from './cli/union-push';
import { accountCommands } from './cli/accounts';
import { parseArgs, UsageError, type CliCommand } from './cli/types';
import { databaseFileIn, defaultDataDir } from './paths';
import { acquireDatabaseLock } from './services/backup/lock';

/** Every CLI command, by domain. */
const commands: CliCommand[] = [...databaseCommands, ...catalogueCommands, ...marcCommands, ...readersCommands, ...printLabelCommands, ...registerCommands, ...digitalCommands, ...planCommands, ...archiveCommands, ...backupCommands, ...opacCommands, ...unionCommands, ...unionPushCommands, ...accountCommands];

function help(): string {
  return [
    'Kệ Sách — dòng lệnh',
    '',
    'Cách dùng: npm run cli -- <lệnh> [tùy chọn]',
    '  --db FILE     tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng, hoặc KESACH_DATA_DIR)',
    '',
    'Các lệnh:',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
  ].join('\n');
}

/** Runs one command; throws UsageError for bad usage. Importable without side effects (the app's `--cli` calls it). */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.help || args.flags.h || args.positional[0] === 'help' || args.positional.length === 0) {
    process.stdout.write(help());
    return args.positional.length === 0 && !args.flags.help && !args.flags.h ? 2 : 0;
  }
  const command = commands
    .filter((c) => c.name.split(' ').every((w, i) => args.positional[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!command) {
    process.stderr.write(`Không có lệnh "${args.positional.join(' ')}".\n\n${help()}`);
    return 2;
  }
  const rest = { ...args, positional: args.positional.slice(command.name.split(' ').length) };
  const dbFlag = typeof args.flags.db === 'string' ? path.resolve(args.flags.db) : undefined;
  const dataDir = dbFlag ? path.dirname(dbFlag) : defaultDataDir();
  // init, demo, opac: not while another program (the app) holds the database, and the app waits for them.
  const lock = command.exclusive && command.needsDb !== false
    ? acquireDatabaseLock(dbFlag ?? databaseFileIn(dataDir), `Kệ Sách — dòng lệnh ${command.name}`, command.exclusive)
    : null;
  try {
    const ctx = command.needsDb === false ? null : await openContext({ dataDir, databaseFile: dbFlag, mode: 'cli' });
    try {
      // Every change the command makes is written as "Dòng lệnh (<the computer's user>)" (db/actor.ts).
      return (await actingAs(cliActor(), () => command.run(rest, ctx))) ?? 0;
    } finally {
      await ctx?.database.close();
    }
  } finally {
    lock?.release();
  }
}

/** Runs the CLI and returns the exit code, printing errors in Vietnamese without a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    // Damage, a full disk, a read-only folder, a locked file: the Vietnamese message, no stack trace.
    const e = storageError(error) ?? (error as { message?: string });
    process.stderr.write(`Lỗi: ${e.message ?? String(error)}\n`);
    return 1;
  }
}

/** True when this file is the program being run (`tsx main/cli.ts …`), not an import. */
const isEntry = /[\\/]main[\\/]cli\.ts$/.test(process.argv[1] ?? '');
if (isEntry) void runCli(process.argv.slice(2)).then((code) => process.exit(code));
