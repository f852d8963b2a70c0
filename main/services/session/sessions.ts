import crypto from 'node:crypto';
import { roleLabel, rolePermissions, type Role } from '../../../shared/accounts';
import type { AccountView } from '../../../shared/contract/session';
import { librarianAccount, accountById, enabledAccountsBesides, type AccountRecord } from '../../db/queries/accounts';
import type { Actor } from '../../db/actor';
import type { Sql } from '../../db/sql';
import { getSetting } from '../settings/store';
import type { ServiceContext } from '../context';

/**
 * Desk sessions (issue 20): random tokens kept in this process's memory, per context — a restart signs everyone
 * out, which is fine at a desk (the screen's idle lock signs back in). The renderer's api.ts sends the token with
 * every call (the `x-kesach-session` header in browser mode, the IPC envelope in the app); `dispatch` turns it into
 * the call's actor before anything runs.
 */
const stores = new WeakMap<object, Map<string, number>>();
function store(ctx: ServiceContext): Map<string, number> {
  let s = stores.get(ctx);
  if (!s) stores.set(ctx, (s = new Map()));
  return s;
}

export function openSession(ctx: ServiceContext, accountId: number): string {
  const token = crypto.randomBytes(32).toString('base64url');
  store(ctx).set(token, accountId);
  return token;
}

export function closeSession(ctx: ServiceContext, token: string | null | undefined): void {
  if (token) store(ctx).delete(token);
}

/** A disabled account's sessions end at once. */
export function closeSessionsOf(ctx: ServiceContext, accountId: number): void {
  for (const [token, id] of store(ctx)) if (id === accountId) store(ctx).delete(token);
}

export const ACCOUNT_SETTINGS = 'accounts.settings';
export interface StoredAccountSettings {
  /** false: the Thủ thư turned "open straight in" off (whatever accounts exist). */
  openStraightIn?: boolean;
  /** true: she chose to keep opening straight in although other accounts exist (stored apart from the default). */
  keepOpenStraightIn?: boolean;
  idleLockMinutes?: number;
}

/**
 * "Open straight in" (issue 20: "off when any other account exists unless she chooses it"): on by default while the
 * Thủ thư's is the only enabled account — a database made by init/demo, a first launch or an upgrade, so calls
 * without a session act as her and scripts keep working — and off as soon as another enabled account exists, unless
 * she explicitly chose to keep it (`keepOpenStraightIn`, when adding the first other account or in Tài khoản).
 * Turning it off is her choice too and holds whatever the accounts.
 */
export function accountSettings(sql: Sql): { openStraightIn: boolean; idleLockMinutes: number } {
  const saved = getSetting<StoredAccountSettings>(sql, ACCOUNT_SETTINGS, {});
  return { openStraightIn: openStraightInFrom(sql, saved), idleLockMinutes: saved.idleLockMinutes ?? 10 };
}

function openStraightInFrom(sql: Sql, saved: StoredAccountSettings): boolean {
  const librarian = librarianAccount(sql);
  if (!librarian || saved.openStraightIn === false) return false;
  return saved.keepOpenStraightIn === true || enabledAccountsBesides(sql, librarian.id) === 0;
}

/** The stored settings as saved (for the writers: keeps what the form does not carry). */
export function storedAccountSettings(sql: Sql): StoredAccountSettings {
  return getSetting<StoredAccountSettings>(sql, ACCOUNT_SETTINGS, {});
}


export function accountView(a: AccountRecord): AccountView {
  const role = a.role as Role;
  return { id: a.id, name: a.name, role, roleLabel: roleLabel(a.role), card: a.card, permissions: [...(rolePermissions[role] ?? [])] };
}

export function actorOf(a: AccountRecord): Actor {
  return { accountId: a.id, name: a.name, role: a.role, roleLabel: roleLabel(a.role) };
}

/**
 * What dispatch needs to know on every call (is "open straight in" on, who is the Thủ thư, the session's account), read
 * once per connection and kept until an account or the setting changes in this process (forgetAccounts): the desk's
 * scan and the offloaded calls run no extra statement on the main connection. A restore opens a new connection, so a
 * new cache. (Another process — the CLI — that changes accounts is seen after the next change here or a restart.)
 */
interface AuthCache { openStraightIn: boolean; librarian: AccountRecord | undefined; byId: Map<number, AccountRecord | undefined> }
const authCaches = new WeakMap<Sql, AuthCache>();

function authCache(sql: Sql): AuthCache {
  let c = authCaches.get(sql);
  if (!c) authCaches.set(sql, (c = { openStraightIn: accountSettings(sql).openStraightIn, librarian: librarianAccount(sql), byId: new Map() }));
  return c;
}

/** Called by whatever changes an account or the sign-in settings (in the same call, after the write). */
export function forgetAccounts(sql: Sql): void {
  authCaches.delete(sql);
}

/** Reads what dispatch checks ahead (at start), so the first call of the desk prepares nothing more. */
export function warmAccounts(sql: Sql): void {
  authCache(sql);
}

function cachedAccount(sql: Sql, id: number): AccountRecord | undefined {
  const c = authCache(sql);
  if (!c.byId.has(id)) c.byId.set(id, accountById(sql, id));
  return c.byId.get(id);
}

export type ResolvedCaller =
  | { ok: true; account: AccountRecord | null }
  | { ok: false; expired: boolean };

/**
 * Who a call carrying `token` (or none) acts as: the session's account (a disabled one's session ends), else the
 * Thủ thư while "open straight in" is on, else nobody (the sign-in screen).
 */
export function resolveCaller(ctx: ServiceContext, token: string | null | undefined): ResolvedCaller {
  const sql = ctx.sql;
  if (token) {
    const id = store(ctx).get(token);
    const account = id !== undefined ? cachedAccount(sql, id) : undefined;
    if (account && !account.disabled) return { ok: true, account };
    // A session that ended (signed out, a restart, a disabled account) never falls back to "open straight in": the
    // screen that still holds it must sign in again (or drop it to open straight in on purpose).
    closeSession(ctx, token);
    return { ok: false, expired: true };
  }
  const cache = authCache(sql);
  if (cache.openStraightIn) return { ok: true, account: cache.librarian ?? null };
  return { ok: false, expired: false };
}
