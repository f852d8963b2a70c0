import { z } from 'zod';
import { empty, id, method, ok, requiredText } from './define';
import { PIN_PATTERN, PIN_RULE } from './enums';
import { PASSWORD_MIN, PASSWORD_RULE, permissions, roles } from '../accounts';

// In shared/accounts.ts (no zod) so the setup and recovery forms can say the rule too.
export { PASSWORD_MIN, PASSWORD_RULE } from '../accounts';
export const password = z.string({ error: PASSWORD_RULE }).min(PASSWORD_MIN, PASSWORD_RULE).max(200, 'Mật khẩu dài quá 200 ký tự.');
export const pin = z.string({ error: PIN_RULE }).regex(PIN_PATTERN, PIN_RULE);

/** The signed-in account as the screens see it: `permissions` tells them what to hide (main checks again). */
export const accountView = z.object({
  id,
  name: z.string(),
  role: z.enum(roles),
  /** "Thủ thư", "Cộng tác viên"… (never the role id). */
  roleLabel: z.string(),
  card: z.string().nullable(),
  permissions: z.array(z.enum(permissions as [string, ...string[]])),
});
export type AccountView = z.infer<typeof accountView>;

/** A session token (random, kept in the main process's memory: a restart signs everyone out). */
export const signedIn = z.object({ session: z.string(), account: accountView });

export const sessionContract = {
  /** A staff or pupil card scanned (or typed) and its PIN. Wrong PINs wait and lock per account, like the OPAC's. */
  'session.signIn': method(z.object({ card: requiredText('Hãy quét hoặc nhập số thẻ.'), pin: z.string() }), signedIn),
  /** The Thủ thư's own way in (and anyone's who has a password). */
  'session.signInWithPassword': method(z.object({ accountId: id, password: z.string() }), signedIn),
  /** Ends the session the call carries (nothing when it carries none). */
  'session.signOut': method(empty, ok),
  /**
   * Who the call acts as: the session's account, or the Thủ thư when "open straight in" is on and the call carries
   * no session; `account` null: the sign-in screen. `setupNeeded`: the first start (the Thủ thư has no password yet).
   * `passwordAccounts`: the accounts that may sign in with a password (for the sign-in screen's list).
   */
  'session.current': method(empty, z.object({
    account: accountView.nullable(),
    openStraightIn: z.boolean(),
    setupNeeded: z.boolean(),
    passwordAccounts: z.array(z.object({ id, name: z.string(), roleLabel: z.string() })),
    /**
     * The screen locks after so many idle minutes (0: never; accounts.settings), told to every role: accounts.settings
     * itself needs accounts.manage.
     */
    idleLockMinutes: z.number().int().min(0).default(0),
  })),
  /**
   * First start: names the Thủ thư account made by init/demo/first launch and sets its password; allowed only while it
   * has none. Returns the recovery code to print (shown once; only its hash is kept).
   */
  'session.setUp': method(z.object({ name: requiredText('Hãy nhập tên thủ thư.'), password }), signedIn.extend({ recoveryCode: z.string() })),
  /** A forgotten password: the printed recovery code and a new password; returns a NEW recovery code (the old one is spent). */
  'session.recover': method(z.object({ recoveryCode: requiredText('Hãy nhập mã khôi phục.'), newPassword: password }),
    signedIn.extend({ recoveryCode: z.string() })),
};
