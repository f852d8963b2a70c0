import { z } from 'zod';
import { empty, id, isoDate, method, ok, requiredText, text } from './define';
import { roles } from '../accounts';
import { password, pin } from './session';

export { roles, roleLabels, roleLabel, permissionActions, rolePermissions, type Role, type Permission } from '../accounts';

/** One account as the Accounts screen lists it (never deleted: the log refers to it; disabled instead). */
export const accountRow = z.object({
  id,
  name: z.string(),
  role: z.enum(roles),
  roleLabel: z.string(),
  card: z.string().nullable(),
  disabled: z.boolean(),
  hasPin: z.boolean(),
  hasPassword: z.boolean(),
  /** ISO timestamp, or null when never signed in. */
  lastSignInAt: z.string().nullable(),
  /** A pupil helper's (Cộng tác viên's) last day: the year-end rollover disables the account after it. ISO date or null. */
  schoolYearEnd: z.string().nullable(),
});
export type AccountRow = z.infer<typeof accountRow>;

export const accountInput = z.object({
  name: requiredText('Hãy nhập tên người dùng.'),
  role: z.enum(roles, { error: 'Vai trò không có trong danh sách.' }),
  /** The staff or pupil card scanned to sign in; unique among accounts. */
  card: text().transform((c) => c.toUpperCase()).optional(),
  pin: pin.optional(),
  password: password.optional(),
  /** Cộng tác viên: the last day of their school year (default: the school year's end in Cài đặt). */
  schoolYearEnd: isoDate.optional(),
  /**
   * When this is the first account besides the Thủ thư's and the PC opens straight into hers: keep opening straight in
   * (her explicit choice). Otherwise, from now on the PC asks who signs in.
   */
  keepOpenStraightIn: z.boolean().optional(),
});

export const accountSettings = z.object({
  /** This PC opens straight into the Thủ thư's account (no sign-in) — on for a database made by init/demo. */
  openStraightIn: z.boolean(),
  /** The screen locks after so many idle minutes (0: never). */
  idleLockMinutes: z.number().int().min(0, 'Số phút từ 0 đến 240.').max(240, 'Số phút từ 0 đến 240.'),
});
export type AccountSettings = z.infer<typeof accountSettings>;

export const accountsContract = {
  'accounts.list': method(empty, z.object({ rows: z.array(accountRow) })),
  /**
   * `openStraightInEnded`: this account ended "open straight in" (the PC asks who signs in from now on); `session`: then a
   * session for the Thủ thư who added it without one, so she keeps working.
   */
  'accounts.add': method(accountInput, accountRow.extend({ openStraightInEnded: z.boolean(), session: z.string().optional() })),
  'accounts.disable': method(z.object({ id }), accountRow),
  'accounts.enable': method(z.object({ id }), accountRow),
  'accounts.resetPin': method(z.object({ id, pin }), ok),
  'accounts.settings': method(empty, accountSettings),
  'accounts.saveSettings': method(accountSettings, accountSettings),
};
