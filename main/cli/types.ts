import type { ServiceContext } from '../services/context';

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean>;
}

export interface CliCommand {
  /** e.g. "init" or "print labels" (multi-word commands match the first positionals). */
  name: string;
  usage: string;
  summary: string;
  /** False for commands that need no database (e.g. print calibration). */
  needsDb?: boolean;
  /**
   * Takes the database's lock for its whole run (`init`, `demo`, `opac`): refused, changing nothing,
   * while another program (the app) holds the database; and the app cannot start under it. Says what
   * is refused ("tạo dữ liệu mẫu").
   */
  exclusive?: string;
  run(args: ParsedArgs, ctx: ServiceContext | null): Promise<number | void>;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) flags[key] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[key] = argv[++i];
      else flags[key] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** Thrown for bad usage: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/** `"Kệ Sách.exe" --cli backup --auto`: the arguments after --cli, or null when the app opens its window. */
export function cliArguments(argv: string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}
