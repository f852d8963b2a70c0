import { roleLabel } from '../../../shared/accounts';
import type { AccountView } from '../../../shared/contract/session';
import { AppError } from '../../../shared/errors';
import { accountByCard, accountById, allAccounts, librarianAccount, markSignedIn, setAccountFailures, setAccountPassword, type AccountRecord } from '../../db/queries/accounts';
import { writeAudit } from '../../db/queries/audit';
import { actingAs, currentActor } from '../../db/actor';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { hashSecret, newRecoveryCode, normalRecoveryCode, verifySecret } from '../accounts/secrets';
import { checkThrottled } from '../readers/pin';
import { accountSettings, accountView, actorOf, closeSession, forgetAccounts, openSession, resolveCaller } from './sessions';

const WRONG_PIN = 'Số thẻ hoặc mã PIN không đúng.';
const WRONG_PASSWORD = 'Mật khẩu không đúng.';
/** The desk's own device key for the per-device tries (the OPAC uses the phone's address). */
const DESK = 'quầy';

function signedIn(ctx: ServiceContext, a: AccountRecord): { session: string; account: AccountView } {
  markSignedIn(ctx.sql, a.id, ctx.now().toISOString());
  return { session: openSession(ctx, a.id), account: accountView(a) };
}

function throttledRow(a: AccountRecord | undefined, secret: 'pinHash' | 'passwordHash') {
  return a && !a.disabled && a[secret] ? { ...a, stamp: a[secret]! } : undefined;
}

/**
 * A card and its PIN. Wrong PINs are bounded by the OPAC's throttle (readers/pin.ts checkThrottled): a few per
 * device, then waiting; over all devices a stored ceiling that locks the account until one is forgiven or the Thủ thư
 * sets a new PIN. Every refusal reads the same.
 */
export async function signIn(ctx: ServiceContext, card: string, pin: string, device = DESK): Promise<{ session: string; account: AccountView }> {
  const key = card.trim().toUpperCase();
  const r = await checkThrottled({
    key: `account:${key}`, address: device, now: ctx.now, wrong: WRONG_PIN,
    find: () => throttledRow(accountByCard(ctx.sql, key), 'pinHash'),
    matches: (row) => verifySecret(pin, row?.pinHash),
    saveFailures: (row, count, since, lockedUntil) => setAccountFailures(ctx.sql, row.id, count, since, lockedUntil),
  });
  if (!r.ok) throw new AppError('SIGN_IN_FAILED', r.message);
  return signedIn(ctx, r.row);
}

export async function signInWithPassword(ctx: ServiceContext, accountId: number, password: string, device = DESK): Promise<{ session: string; account: AccountView }> {
  const r = await checkThrottled({
    key: `account-id:${accountId}`, address: device, now: ctx.now, wrong: WRONG_PASSWORD,
    find: () => throttledRow(accountById(ctx.sql, accountId), 'passwordHash'),
    matches: (row) => verifySecret(password, row?.passwordHash),
    saveFailures: (row, count, since, lockedUntil) => setAccountFailures(ctx.sql, row.id, count, since, lockedUntil),
  });
  if (!r.ok) throw new AppError('SIGN_IN_FAILED', r.message);
  return signedIn(ctx, r.row);
}

export function signOut(ctx: ServiceContext): { ok: true } {
  closeSession(ctx, currentActor()?.session);
  return { ok: true };
}

/** The first start: the Thủ thư made by init/demo/first launch has no password yet. */
function setupNeeded(librarian: AccountRecord | undefined): boolean {
  return !!librarian && !librarian.passwordHash;
}

export function current(ctx: ServiceContext) {
  const sql = ctx.sql;
  const caller = resolveCaller(ctx, currentActor()?.session);
  const librarian = librarianAccount(sql);
  const settings = accountSettings(sql);
  return {
    account: caller.ok && caller.account ? accountView(caller.account) : null,
    openStraightIn: settings.openStraightIn,
    // Every role's screen locks; accounts.settings itself needs accounts.manage.
    idleLockMinutes: settings.idleLockMinutes,
    setupNeeded: setupNeeded(librarian),
    passwordAccounts: allAccounts(sql).filter((a) => !a.disabled && a.passwordHash).map((a) => ({ id: a.id, name: a.name, roleLabel: roleLabel(a.role) })),
  };
}

async function setPassword(ctx: ServiceContext, a: AccountRecord, name: string, password: string, action: string) {
  const recoveryCode = newRecoveryCode();
  const [passwordHash, recoveryHash] = await Promise.all([hashSecret(password), hashSecret(normalRecoveryCode(recoveryCode))]);
  const sql = ctx.sql;
  // Written as the account itself: nobody is signed in yet.
  actingAs({ ...actorOf({ ...a, name }), session: null }, () => transaction(sql, () => {
    // Checked again inside: two first starts at once cannot both set it.
    const now = accountById(sql, a.id)!;
    if (action === 'account.setup' && now.passwordHash) throw new AppError('ALREADY_SET_UP', 'Tài khoản Thủ thư đã có mật khẩu; hãy đăng nhập.');
    setAccountPassword(sql, a.id, name, passwordHash, recoveryHash);
    writeAudit(sql, { action, entity: 'account', entityId: a.id, details: { name }, at: ctx.now() });
  }));
  forgetAccounts(sql);
  return { recoveryCode, ...signedIn(ctx, accountById(sql, a.id)!) };
}

/** First start: names the Thủ thư and sets her password; returns the recovery code to print (only its hash is kept). */
export async function setUp(ctx: ServiceContext, name: string, password: string) {
  const librarian = librarianAccount(ctx.sql);
  if (!setupNeeded(librarian)) throw new AppError('ALREADY_SET_UP', 'Tài khoản Thủ thư đã có mật khẩu; hãy đăng nhập.');
  return setPassword(ctx, librarian!, name, password, 'account.setup');
}

/**
 * A forgotten password: the printed code (the Thủ thư's) sets a new one and is spent — a new code comes back. Wrong
 * codes are bounded like PINs (the same throttle), so the code cannot be guessed at the desk.
 */
export async function recover(ctx: ServiceContext, recoveryCode: string, newPassword: string) {
  const code = normalRecoveryCode(recoveryCode);
  const r = await checkThrottled({
    key: 'account-recovery', address: DESK, now: ctx.now, wrong: 'Mã khôi phục không đúng.',
    find: () => {
      const a = allAccounts(ctx.sql).find((x) => x.role === 'thu-thu' && !x.disabled && x.recoveryHash);
      return a ? { ...a, stamp: a.recoveryHash! } : undefined;
    },
    matches: (row) => verifySecret(code, row?.recoveryHash),
    saveFailures: (row, count, since, lockedUntil) => setAccountFailures(ctx.sql, row.id, count, since, lockedUntil),
  });
  if (!r.ok) throw new AppError('RECOVERY_FAILED', r.message);
  return setPassword(ctx, r.row, r.row.name, newPassword, 'account.recover');
}
