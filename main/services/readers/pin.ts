import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { PIN_PATTERN, PIN_RULE } from '../../../shared/contract/readers';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import { deletePin, pinOf, putPin, readerKindById, setPinFailures, staffByCard } from '../../db/queries/readers';
import { transaction, type Sql } from '../../db/sql';

/**
 * Mã PIN tra cứu: a teacher or staff member signs in to the OPAC with their card number and a PIN the
 * librarian sets in Bạn đọc. Only scrypt(PIN, random salt) is stored; the PIN itself is never stored,
 * logged or audited.
 *
 * Guessing is bounded twice (arithmetic: docs/domain.md, "Mã PIN tra cứu (OPAC sign-in of teachers and staff)"):
 * - per card AND address (in the listener's memory, for any card number, known or not): 5 wrong tries,
 *   then one more every 6 hours. A phone that guesses slows only itself; the teacher's own device is
 *   another address and keeps its tries.
 * - per card over all addresses (stored with the PIN): wrong tries add up, one is forgiven every 3 hours;
 *   at 10 the card refuses every PIN, the right one included, until one is forgiven (or the librarian sets
 *   a new PIN). At most 8 guesses a day per card can be sustained, so a 6-digit PIN takes on average
 *   about 170 years to guess.
 * Every refusal (unknown card, card without PIN, student card, wrong PIN, card at its ceiling) reads the
 * same; only "this device must wait until HH:MM" differs, and it is given for any card number alike.
 */

/** Wrong tries one address may make for one card before it must wait. */
export const PIN_ADDRESS_TRIES = 5;
/** After those, one more try per address and card every so many hours. */
export const PIN_ADDRESS_REFILL_HOURS = 6;
/** Wrong tries for one card, from all addresses together, at which it refuses every PIN. */
export const PIN_CARD_CEILING = 10;
/** One wrong try of a card is forgiven every so many hours. */
export const PIN_CARD_DECAY_HOURS = 3;
const KEY_LENGTH = 32;
const HOUR = 3600_000;
const scrypt = promisify(crypto.scrypt) as (pin: string, salt: Buffer, keylen: number) => Promise<Buffer>;

const SIGN_IN_KINDS = new Set(['teacher', 'staff']);

export async function hashPin(pin: string, salt = crypto.randomBytes(16)): Promise<{ hash: string; salt: string }> {
  return { hash: (await scrypt(pin, salt, KEY_LENGTH)).toString('hex'), salt: salt.toString('hex') };
}

/** Sets (or resets) a staff reader's PIN; the wrong tries and any lock are cleared. */
export async function setPin(sql: Sql, readerId: number, pin: string, now: Date): Promise<void> {
  const reader = readerKindById(sql, readerId);
  if (!reader) throw new AppError('NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  if (!SIGN_IN_KINDS.has(reader.kind)) {
    throw new AppError('PIN_STAFF_ONLY', 'Chỉ giáo viên và cán bộ, nhân viên mới có mã PIN tra cứu; học sinh tra cứu không cần đăng nhập.');
  }
  if (!PIN_PATTERN.test(pin)) throw new AppError('PIN_FORMAT', PIN_RULE);
  const { hash, salt } = await hashPin(pin);
  transaction(sql, () => {
    const had = !!pinOf(sql, readerId);
    putPin(sql, readerId, hash, salt, now.toISOString());
    writeAudit(sql, { action: had ? 'reader.pin.reset' : 'reader.pin.set', entity: 'reader', entityId: readerId, at: now });
  });
}

export function clearPin(sql: Sql, readerId: number, now: Date): boolean {
  return transaction(sql, () => {
    const removed = deletePin(sql, readerId);
    if (removed) writeAudit(sql, { action: 'reader.pin.clear', entity: 'reader', entityId: readerId, at: now });
    return removed;
  });
}

/** Whether the reader has a PIN, and until when the per-card ceiling refuses every PIN (null: not locked). */
export function pinStatus(sql: Sql, readerId: number, now: Date): { hasPin: boolean; lockedUntil: string | null } {
  const row = pinOf(sql, readerId);
  const locked = row && decayedFailures(row, now).count >= PIN_CARD_CEILING && row.lockedUntil ? row.lockedUntil : null;
  return { hasPin: !!row, lockedUntil: locked };
}

export type SignInResult =
  | { ok: true; readerId: number }
  | { ok: false; message: string };

const WRONG = 'Số thẻ hoặc mã PIN không đúng.';
/** One check at a time per card, so parallel tries cannot slip past the count. */
const queues = new Map<string, Promise<unknown>>();
/** A fixed salt for cards that do not exist: the same work is done, so timing tells nothing. */
const DUMMY_SALT = crypto.randomBytes(16);

/** Tries left per (card, address): a token bucket that refills one every PIN_ADDRESS_REFILL_HOURS. */
interface AddressTries { tokens: number; at: number; pinStamp: string }
const addressTries = new Map<string, AddressTries>();
const ADDRESS_KEYS_MAX = 100_000;

function triesOf(key: string, now: number, pinStamp: string): AddressTries {
  const t = addressTries.get(key);
  // A new PIN set by the librarian gives every device its tries back.
  if (!t || t.pinStamp !== pinStamp) return { tokens: PIN_ADDRESS_TRIES, at: now, pinStamp };
  const refilled = Math.floor((now - t.at) / (PIN_ADDRESS_REFILL_HOURS * HOUR));
  if (refilled <= 0) return t;
  const tokens = Math.min(PIN_ADDRESS_TRIES, t.tokens + refilled);
  return { tokens, at: tokens === PIN_ADDRESS_TRIES ? now : t.at + refilled * PIN_ADDRESS_REFILL_HOURS * HOUR, pinStamp };
}

function keepTries(key: string, t: AddressTries): void {
  if (t.tokens >= PIN_ADDRESS_TRIES) {
    addressTries.delete(key);
    return;
  }
  if (addressTries.size >= ADDRESS_KEYS_MAX && !addressTries.has(key)) addressTries.delete(addressTries.keys().next().value as string);
  addressTries.set(key, t);
}

/** The card's wrong tries after forgiving one every PIN_CARD_DECAY_HOURS since `failuresAt`. */
export function decayedFailures(row: { failedTries: number; failuresAt: string | null }, now: Date): { count: number; since: number } {
  const since = row.failuresAt ? new Date(row.failuresAt).getTime() : now.getTime();
  const forgiven = Math.max(0, Math.floor((now.getTime() - since) / (PIN_CARD_DECAY_HOURS * HOUR)));
  const count = Math.max(0, row.failedTries - forgiven);
  return { count, since: count === 0 ? now.getTime() : since + forgiven * PIN_CARD_DECAY_HOURS * HOUR };
}

/**
 * Checks a card number and PIN from an address (the phone's IP). See the top of this file for the
 * limits; every refusal reads the same, except "this device must wait", which any card number gets alike.
 */
export async function verifyPin(sql: Sql, cardNumber: string, pin: string, now: () => Date, address = ''): Promise<SignInResult> {
  const card = cardNumber.trim().toUpperCase();
  // A PIN shorter than the rule (one set before it) never signs in, and is not even compared.
  const wellFormed = PIN_PATTERN.test(pin);
  const r = await checkThrottled({
    key: card, address, now, wrong: WRONG,
    find: () => {
      const reader = card ? staffByCard(sql, card) : undefined;
      const row = reader && reader.active ? pinOf(sql, reader.id) : undefined;
      return row ? { ...row, stamp: row.hash } : undefined;
    },
    matches: async (row) => {
      const given = await scrypt(pin, row && wellFormed ? Buffer.from(row.salt, 'hex') : DUMMY_SALT, KEY_LENGTH);
      return !!row && wellFormed && crypto.timingSafeEqual(given, Buffer.from(row.hash, 'hex'));
    },
    saveFailures: (row, count, since, lockedUntil) => setPinFailures(sql, row.readerId, count, since, lockedUntil),
  });
  return r.ok ? { ok: true, readerId: r.row.readerId } : r;
}

/** A stored secret guarded by the limits above: its wrong tries, and a stamp that changes when it is set anew. */
export interface ThrottledSecret { failedTries: number; failuresAt: string | null; stamp: string }

export interface ThrottledCheck<R extends ThrottledSecret> {
  /** Who is being checked (a card number; the desk's accounts use their own prefix): one check at a time per key. */
  key: string;
  /** The device (an IP address, or the desk): its tries are its own. */
  address: string;
  now: () => Date;
  /** The refusal, the same for an unknown key, a wrong secret and a key at its ceiling. */
  wrong: string;
  /** The stored secret, or undefined (an unknown or disabled card): the same work is done anyway. */
  find(): R | undefined;
  /** Compares the given secret with the row's (with a dummy when there is no row, so timing tells nothing). */
  matches(row: R | undefined): Promise<boolean>;
  /** Stores the row's wrong tries (written just after the answer; see below). */
  saveFailures(row: R, count: number, sinceIso: string, lockedUntilIso: string | null): void;
}

/**
 * The one sign-in throttle, for the OPAC's PINs and the desk's accounts (issue 20): per key and address a token
 * bucket (PIN_ADDRESS_TRIES, then one every PIN_ADDRESS_REFILL_HOURS), per key over all addresses a stored ceiling
 * that decays (PIN_CARD_CEILING, one forgiven every PIN_CARD_DECAY_HOURS). Checks of one key run one at a time.
 */
export function checkThrottled<R extends ThrottledSecret>(c: ThrottledCheck<R>): Promise<{ ok: true; row: R } | { ok: false; message: string }> {
  const previous = queues.get(c.key) ?? Promise.resolve();
  const run = previous.then(() => check(c), () => check(c));
  // The answer goes out first; the wrong try of a card that has a PIN is written just after (its commit's fsync
  // would otherwise make that answer slower than an unknown card's, telling which cards have a PIN). The next
  // check of the same card waits for the write.
  const written = run.then((r) => new Promise<void>((resolve) => setImmediate(() => {
    try {
      r.write?.();
    } catch (error) {
      console.error('[đăng nhập] ghi lần nhập sai:', error);
    }
    resolve();
  })));
  queues.set(c.key, written);
  void written.catch(() => undefined).finally(() => { if (queues.get(c.key) === written) queues.delete(c.key); });
  return run.then((r) => r.result);
}

async function check<R extends ThrottledSecret>(c: ThrottledCheck<R>): Promise<{ result: { ok: true; row: R } | { ok: false; message: string }; write?: () => void }> {
  const row = c.find();
  const at = c.now();
  const key = `${c.key}\u0000${c.address}`;
  const tries = triesOf(key, at.getTime(), row?.stamp ?? '');
  if (tries.tokens <= 0) return { result: { ok: false, message: waitMessage(tries.at + PIN_ADDRESS_REFILL_HOURS * HOUR) } };
  const failures = row ? decayedFailures(row, at) : null;
  const right = await c.matches(row);
  if (right && row && failures && failures.count < PIN_CARD_CEILING) {
    addressTries.delete(key);
    return { result: { ok: true, row } };
  }
  keepTries(key, { ...tries, tokens: tries.tokens - 1 });
  const result = { ok: false as const, message: c.wrong };
  if (!row || !failures || right) return { result };
  const count = Math.min(PIN_CARD_CEILING, failures.count + 1);
  const lockedUntil = count >= PIN_CARD_CEILING ? new Date(failures.since + PIN_CARD_DECAY_HOURS * HOUR).toISOString() : null;
  return { result, write: () => c.saveFailures(row, count, new Date(failures.since).toISOString(), lockedUntil) };
}

function waitMessage(until: number): string {
  const t = new Date(until);
  const hh = String(t.getHours()).padStart(2, '0');
  const mm = String(t.getMinutes()).padStart(2, '0');
  return `Máy này đã nhập sai nhiều lần với số thẻ này; hãy thử lại sau ${hh}:${mm}, hoặc nhờ cán bộ thư viện đặt lại mã PIN.`;
}

/** Whether a reader may still use the OPAC as staff (kind and active checked again at every request). */
function isActiveStaff(sql: Sql, readerId: number): boolean {
  const r = readerKindById(sql, readerId);
  return !!r && !!r.active && SIGN_IN_KINDS.has(r.kind);
}

/**
 * What a signed-in OPAC session remembers of the PIN it was opened with (its scrypt hash, kept in the listener's
 * memory only), or null when the reader has none. A PIN cleared or set anew by the librarian ends every session
 * opened with the old one (`staffSessionHolds`).
 */
export function pinStamp(sql: Sql, readerId: number): string | null {
  return pinOf(sql, readerId)?.hash ?? null;
}

/** Whether an OPAC session of this reader still holds: still active staff, and the PIN it signed in with unchanged. */
export function staffSessionHolds(sql: Sql, readerId: number, stamp: string | null): boolean {
  return stamp !== null && isActiveStaff(sql, readerId) && pinStamp(sql, readerId) === stamp;
}
