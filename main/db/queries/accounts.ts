import { prepared, type Sql } from '../sql';

/** An account row as stored (secrets as their scrypt strings; never sent to the renderer). */
export interface AccountRecord {
  id: number; name: string; role: string; card: string | null;
  pinHash: string | null; passwordHash: string | null; recoveryHash: string | null;
  disabled: number; createdAt: string; lastSignInAt: string | null; schoolYearEnd: string | null;
  failedTries: number; failuresAt: string | null; lockedUntil: string | null;
}

const COLUMNS = `id, name, role, card, pin_hash AS pinHash, password_hash AS passwordHash, recovery_hash AS recoveryHash, disabled,
  created_at AS createdAt, last_sign_in_at AS lastSignInAt, school_year_end AS schoolYearEnd, failed_tries AS failedTries,
  failures_at AS failuresAt, locked_until AS lockedUntil`;

const statements = (sql: Sql) => ({
  byId: sql.prepare(`SELECT ${COLUMNS} FROM account WHERE id = ?`),
  byCard: sql.prepare(`SELECT ${COLUMNS} FROM account WHERE card = ?`),
  all: sql.prepare(`SELECT ${COLUMNS} FROM account ORDER BY disabled, id`),
  /** The Thủ thư account the desk opens straight into: the first enabled one. */
  librarian: sql.prepare(`SELECT ${COLUMNS} FROM account WHERE role = 'thu-thu' AND disabled = 0 ORDER BY id LIMIT 1`),
  /** Enabled accounts other than the given one (the Thủ thư's): while there are none, the PC opens straight in by default. */
  othersEnabled: sql.prepare('SELECT COUNT(*) FROM account WHERE disabled = 0 AND id <> ?').pluck(),
  insert: sql.prepare(`INSERT INTO account (name, role, card, pin_hash, password_hash, created_at, school_year_end)
    VALUES (@name, @role, @card, @pinHash, @passwordHash, @createdAt, @schoolYearEnd)`),
  setDisabled: sql.prepare('UPDATE account SET disabled = ? WHERE id = ?'),
  setPin: sql.prepare('UPDATE account SET pin_hash = ?, failed_tries = 0, failures_at = NULL, locked_until = NULL WHERE id = ?'),
  setPassword: sql.prepare('UPDATE account SET name = ?, password_hash = ?, recovery_hash = ?, failed_tries = 0, failures_at = NULL, locked_until = NULL WHERE id = ?'),
  setFailures: sql.prepare('UPDATE account SET failed_tries = ?, failures_at = ?, locked_until = ? WHERE id = ?'),
  signedIn: sql.prepare('UPDATE account SET last_sign_in_at = ?, failed_tries = 0, failures_at = NULL, locked_until = NULL WHERE id = ?'),
  helpersEnding: sql.prepare(`SELECT ${COLUMNS} FROM account WHERE role = 'cong-tac-vien' AND disabled = 0
    AND school_year_end IS NOT NULL AND school_year_end <= ? ORDER BY name, id`),
  // Loans and returns made between two stored timestamps, with the account that made each (months are counted in JS, local time).
  activity: sql.prepare(`
    SELECT lent_by AS accountId, checkout_at AS at, 'loan' AS kind FROM loan WHERE checkout_at >= @from AND checkout_at < @to
    UNION ALL
    SELECT returned_by, returned_at, 'return' FROM loan WHERE returned_at IS NOT NULL AND returned_at >= @from AND returned_at < @to`),
});

export const accountById = (sql: Sql, id: number) => prepared(sql, statements).byId.get(id) as AccountRecord | undefined;
export const accountByCard = (sql: Sql, card: string) => prepared(sql, statements).byCard.get(card) as AccountRecord | undefined;
export const allAccounts = (sql: Sql) => prepared(sql, statements).all.all() as AccountRecord[];
export const librarianAccount = (sql: Sql) => prepared(sql, statements).librarian.get() as AccountRecord | undefined;
export const enabledAccountsBesides = (sql: Sql, id: number) => prepared(sql, statements).othersEnabled.get(id) as number;

export function insertAccount(sql: Sql, a: { name: string; role: string; card: string | null; pinHash: string | null; passwordHash: string | null; createdAt: string; schoolYearEnd: string | null }): number {
  return Number(prepared(sql, statements).insert.run(a).lastInsertRowid);
}
export const setAccountDisabled = (sql: Sql, id: number, disabled: boolean) => { prepared(sql, statements).setDisabled.run(disabled ? 1 : 0, id); };
export const setAccountPin = (sql: Sql, id: number, pinHash: string) => { prepared(sql, statements).setPin.run(pinHash, id); };
export function setAccountPassword(sql: Sql, id: number, name: string, passwordHash: string, recoveryHash: string): void {
  prepared(sql, statements).setPassword.run(name, passwordHash, recoveryHash, id);
}
export function setAccountFailures(sql: Sql, id: number, count: number, since: string, lockedUntil: string | null): void {
  prepared(sql, statements).setFailures.run(count, since, lockedUntil, id);
}
export const markSignedIn = (sql: Sql, id: number, at: string) => { prepared(sql, statements).signedIn.run(at, id); };
/** Enabled Cộng tác viên accounts whose last day is on or before `day` (ISO date). */
export const helpersEndingBy = (sql: Sql, day: string) => prepared(sql, statements).helpersEnding.all(day) as AccountRecord[];

export interface ActivityRow { accountId: number | null; at: string; kind: 'loan' | 'return' }
/** Every loan and return between two stored timestamps (`to` exclusive), with who made it. */
export const loanActivity = (sql: Sql, from: string, to: string) => prepared(sql, statements).activity.all({ from, to }) as ActivityRow[];
