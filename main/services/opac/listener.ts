import { countSearches, dataVersion } from '../../db/queries/opac';
import { openSqlFile, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { verifyPin, type SignInResult } from '../readers/pin';
import { getOpacSettings } from './settings';

/**
 * What the OPAC listener (main/server/opac-http.ts, opac-run.ts) needs from the data layer, so the
 * transport reaches the database only through services: its read-only connection, the search counter,
 * the staff sign-in and the day's cap on suggestions. Writes go through the context's own connection.
 */

/**
 * A read-only connection to the library's database file for the OPAC's searches and title pages
 * (WAL: they read alongside the desk and never hold its writes). The caller closes it.
 */
export function openOpacReader(ctx: ServiceContext): Sql {
  return openSqlFile(ctx.databaseFile, { readonly: true });
}

/** SQLite's data_version of the OPAC's connection: the result cache is valid while it stays the same. */
export function opacDataVersion(read: Sql): number {
  return dataVersion(read);
}

/** Adds `n` searches to a day's count (written through the context's connection). */
export function recordSearches(ctx: ServiceContext, day: string, n: number): void {
  countSearches(ctx.sql, day, n);
}

/** A teacher's or staff member's sign-in with card and PIN (services/readers/pin.ts). */
export function signInStaff(ctx: ServiceContext, card: string, pin: string, address: string): Promise<SignInResult> {
  return verifyPin(ctx.sql, card, pin, ctx.now, address);
}

/** How many suggestions the OPAC takes a day (Cài đặt). */
export function suggestionsPerDay(ctx: ServiceContext): number {
  return getOpacSettings(ctx.sql).suggestionsPerDay;
}
