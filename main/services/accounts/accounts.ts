import { roleLabel, type Role } from '../../../shared/accounts';
import type { AccountRow, AccountSettings } from '../../../shared/contract/accounts';
import type { z } from 'zod';
import type { accountInput } from '../../../shared/contract/accounts';
import { AppError } from '../../../shared/errors';
import {
  accountByCard, accountById, allAccounts, enabledAccountsBesides, insertAccount, librarianAccount, setAccountDisabled, setAccountPin, type AccountRecord,
} from '../../db/queries/accounts';
import { writeAudit } from '../../db/queries/audit';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { putSettingAudited } from '../settings/store';
import { currentActor } from '../../db/actor';
import { ACCOUNT_SETTINGS, accountSettings, closeSessionsOf, forgetAccounts, openSession, storedAccountSettings } from '../session/sessions';
import { hashSecret } from './secrets';

export function accountRow(a: AccountRecord): AccountRow {
  return {
    id: a.id, name: a.name, role: a.role as Role, roleLabel: roleLabel(a.role), card: a.card, disabled: !!a.disabled,
    hasPin: !!a.pinHash, hasPassword: !!a.passwordHash, lastSignInAt: a.lastSignInAt, schoolYearEnd: a.schoolYearEnd,
  };
}

export function listAccounts(ctx: ServiceContext): { rows: AccountRow[] } {
  return { rows: allAccounts(ctx.sql).map(accountRow) };
}

function found(ctx: ServiceContext, id: number): AccountRecord {
  const a = accountById(ctx.sql, id);
  if (!a) throw new AppError('NOT_FOUND', 'Không tìm thấy tài khoản này.');
  return a;
}

/**
 * A new account. A card signs in with its PIN (a card without a PIN is refused); an account signs in with a card and
 * PIN, or with a password.
 * A Cộng tác viên's account ends with the school year (the rollover disables it).
 */
export async function addAccount(ctx: ServiceContext, input: z.output<typeof accountInput>): Promise<AddedAccount> {
  const card = input.card ? input.card : null;
  if (card && !input.pin) throw new AppError('BAD_INPUT', 'Tài khoản có thẻ cần một mã PIN để đăng nhập bằng thẻ.');
  if (!input.pin && !input.password) throw new AppError('BAD_INPUT', 'Hãy đặt mã PIN (cùng số thẻ) hoặc mật khẩu để tài khoản đăng nhập được.');
  if (card && accountByCard(ctx.sql, card)) throw new AppError('CARD_TAKEN', `Thẻ ${card} đã thuộc một tài khoản khác.`);
  const schoolYearEnd = input.role === 'cong-tac-vien' ? (input.schoolYearEnd ?? getSchool(ctx.sql).schoolYearEnd) : (input.schoolYearEnd ?? null);
  const pinHash = input.pin ? await hashSecret(input.pin) : null;
  const passwordHash = input.password ? await hashSecret(input.password) : null;
  const sql = ctx.sql;
  const { id, ended } = transaction(sql, () => {
    // Checked again inside the transaction: a card given twice at once still ends with one owner.
    if (card && accountByCard(sql, card)) throw new AppError('CARD_TAKEN', `Thẻ ${card} đã thuộc một tài khoản khác.`);
    const before = accountSettings(sql);
    const newId = insertAccount(sql, { name: input.name, role: input.role, card, pinHash, passwordHash, createdAt: ctx.now().toISOString(), schoolYearEnd });
    writeAudit(sql, { action: 'account.add', entity: 'account', entityId: newId, details: { name: input.name, role: input.role, card, schoolYearEnd }, at: ctx.now() });
    // The first other account ends "open straight in" unless the Thủ thư chose, in the same step, to keep it.
    if (before.openStraightIn && input.keepOpenStraightIn && !accountSettings(sql).openStraightIn) {
      putSettingAudited(sql, ACCOUNT_SETTINGS, { ...storedAccountSettings(sql), keepOpenStraightIn: true }, ctx.now(),
        { action: 'account.settings', details: { before, after: before } });
    }
    return { id: newId, ended: before.openStraightIn && !accountSettings(sql).openStraightIn };
  });
  forgetAccounts(sql);
  // The Thủ thư who was acting without a session (open straight in) keeps working: a session of her own.
  const librarian = ended ? librarianAccount(sql) : undefined;
  const session = librarian && currentActor()?.accountId === librarian.id ? openSession(ctx, librarian.id) : undefined;
  return { ...accountRow(found(ctx, id)), openStraightInEnded: ended, ...(session ? { session } : {}) };
}

export type AddedAccount = AccountRow & { openStraightInEnded: boolean; session?: string };

/** Disabled, never deleted (the log refers to it); its sessions end at once. The last enabled Thủ thư stays. */
export function setDisabled(ctx: ServiceContext, id: number, disabled: boolean): AccountRow {
  const sql = ctx.sql;
  transaction(sql, () => {
    const a = found(ctx, id);
    if (!!a.disabled === disabled) return;
    if (disabled && a.role === 'thu-thu' && allAccounts(sql).filter((x) => x.role === 'thu-thu' && !x.disabled).length <= 1) {
      throw new AppError('LAST_LIBRARIAN', 'Không thể khóa tài khoản Thủ thư cuối cùng: thư viện cần ít nhất một Thủ thư.');
    }
    setAccountDisabled(sql, id, disabled);
    writeAudit(sql, { action: disabled ? 'account.disable' : 'account.enable', entity: 'account', entityId: id, details: { name: a.name }, at: ctx.now() });
  });
  forgetAccounts(sql);
  if (disabled) closeSessionsOf(ctx, id);
  return accountRow(found(ctx, id));
}

/** A new PIN (the wrong tries and the lock are cleared); the PIN itself is never logged. */
export async function resetPin(ctx: ServiceContext, id: number, pin: string): Promise<{ ok: true }> {
  const a = found(ctx, id);
  if (!a.card) throw new AppError('NO_CARD', `Tài khoản ${a.name} không có thẻ; mã PIN đi cùng số thẻ.`);
  const hash = await hashSecret(pin);
  transaction(ctx.sql, () => {
    setAccountPin(ctx.sql, id, hash);
    writeAudit(ctx.sql, { action: 'account.pin', entity: 'account', entityId: id, details: { name: a.name }, at: ctx.now() });
  });
  forgetAccounts(ctx.sql);
  return { ok: true };
}

/**
 * Saves the sign-in settings. "Open straight in" ticked while other accounts exist is her explicit choice to keep it
 * (stored apart: the default turns it off when another account exists); unticked, it stays off whatever the accounts.
 */
export function saveAccountSettings(ctx: ServiceContext, input: AccountSettings): AccountSettings {
  const sql = ctx.sql;
  const before = accountSettings(sql);
  const saved = storedAccountSettings(sql);
  const librarian = librarianAccount(sql);
  const others = !!librarian && enabledAccountsBesides(sql, librarian.id) > 0;
  const stored = {
    ...saved, openStraightIn: input.openStraightIn, idleLockMinutes: input.idleLockMinutes,
    keepOpenStraightIn: input.openStraightIn && (others || saved.keepOpenStraightIn === true),
  };
  putSettingAudited(sql, ACCOUNT_SETTINGS, stored, ctx.now(), { action: 'account.settings', details: { before, after: input } });
  forgetAccounts(ctx.sql);
  return accountSettings(ctx.sql);
}
