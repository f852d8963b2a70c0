import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import { deletePin, pinOf, putPin, readerKindById, setPinFailures, staffByCard } from '../../db/queries/opac';
import { transaction, type Sql } from '../../db/sql';

/**
 * Mã PIN tra cứu: a teacher or staff member signs in to the OPAC with their card number and a PIN the
 * librarian sets in Bạn đọc. Only scrypt(PIN, random salt) is stored; the PIN itself is never stored,
 * logged or audited. Five wrong PINs in a row lock that card for 15 minutes.
 */

export const PIN_MAX_TRIES = 5;
export const PIN_LOCK_MINUTES = 15;
const KEY_LENGTH = 32;
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
  if (!/^\d{4,8}$/.test(pin)) throw new AppError('PIN_FORMAT', 'Mã PIN gồm 4 đến 8 chữ số.');
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

export function pinStatus(sql: Sql, readerId: number, now: Date): { hasPin: boolean; lockedUntil: string | null } {
  const row = pinOf(sql, readerId);
  const locked = row?.lockedUntil && new Date(row.lockedUntil) > now ? row.lockedUntil : null;
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

/**
 * Checks a card number and PIN. Unknown cards, students' cards and cards without a PIN get the same
 * answer as a wrong PIN. The fifth wrong PIN in a row locks the card for 15 minutes; while locked,
 * even the right PIN is refused.
 */
export function verifyPin(sql: Sql, cardNumber: string, pin: string, now: () => Date): Promise<SignInResult> {
  const card = cardNumber.trim().toUpperCase();
  const previous = queues.get(card) ?? Promise.resolve();
  const run = previous.then(() => check(sql, card, pin, now), () => check(sql, card, pin, now));
  queues.set(card, run);
  void run.finally(() => { if (queues.get(card) === run) queues.delete(card); });
  return run;
}

async function check(sql: Sql, card: string, pin: string, now: () => Date): Promise<SignInResult> {
  const reader = card ? staffByCard(sql, card) : undefined;
  const row = reader && reader.active ? pinOf(sql, reader.id) : undefined;
  if (!row) {
    await scrypt(pin, DUMMY_SALT, KEY_LENGTH);
    return { ok: false, message: WRONG };
  }
  const at = now();
  if (row.lockedUntil && new Date(row.lockedUntil) > at) return { ok: false, message: lockedMessage(row.lockedUntil) };
  const tries = row.lockedUntil ? 0 : row.failedTries; // a lock that has run out starts the count again
  const given = await scrypt(pin, Buffer.from(row.salt, 'hex'), KEY_LENGTH);
  if (crypto.timingSafeEqual(given, Buffer.from(row.hash, 'hex'))) {
    if (row.failedTries || row.lockedUntil) setPinFailures(sql, row.readerId, 0, null);
    return { ok: true, readerId: row.readerId };
  }
  const failed = tries + 1;
  if (failed >= PIN_MAX_TRIES) {
    const until = new Date(at.getTime() + PIN_LOCK_MINUTES * 60_000).toISOString();
    setPinFailures(sql, row.readerId, failed, until);
    return { ok: false, message: lockedMessage(until) };
  }
  setPinFailures(sql, row.readerId, failed, null);
  return { ok: false, message: `${WRONG} Còn ${PIN_MAX_TRIES - failed} lần thử trước khi thẻ bị khóa ${PIN_LOCK_MINUTES} phút.` };
}

function lockedMessage(until: string): string {
  const t = new Date(until);
  const hh = String(t.getHours()).padStart(2, '0');
  const mm = String(t.getMinutes()).padStart(2, '0');
  return `Thẻ này tạm khóa vì nhập sai mã PIN ${PIN_MAX_TRIES} lần; hãy thử lại sau ${hh}:${mm}, hoặc nhờ cán bộ thư viện đặt lại mã PIN.`;
}

/** Whether a reader may still use the OPAC as staff (kind and active checked again at every request). */
export function isActiveStaff(sql: Sql, readerId: number): boolean {
  const r = readerKindById(sql, readerId);
  return !!r && !!r.active && SIGN_IN_KINDS.has(r.kind);
}
