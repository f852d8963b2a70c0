import { createContext, useContext } from 'react';
import type { AccountView, MethodName } from '@shared/contract';
import type { Permission } from '@shared/accounts';
import { methodPermissions } from '@shared/permissions';

/**
 * Who is signed in, for the screens: they hide what the account's role cannot do (menu entries,
 * buttons). The main process checks every call anyway; this only keeps refused buttons off the screen.
 */
export interface SessionApi {
  account: AccountView;
  /** True when the account's role may call the method (the method → permission table in shared/). */
  can(method: MethodName): boolean;
  /** True when the role holds the permission (those a service checks on top of the method's: override, undo of others…). */
  has(permission: Permission): boolean;
  /** "Đổi người": signs out and shows the sign-in screen with the card field focused. */
  switchUser(): void;
  /** Locks the screen now (as the idle lock does): the same account unlocks, or "Đổi người". */
  lock(): void;
  /** Reads session.current again (after the Thủ thư set her password in Tài khoản). */
  refresh(): void;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function sessionApi(account: AccountView, switchUser: () => void, lock: () => void, refresh: () => void): SessionApi {
  const held = new Set<string>(account.permissions);
  return {
    account,
    can: (method) => held.has(methodPermissions[method]),
    has: (permission) => held.has(permission),
    switchUser,
    lock,
    refresh,
  };
}

/**
 * What the signed-in account may do. Outside a session (the damage screen, a component test) every
 * answer is yes: main refuses what it must.
 */
export function useSession(): Pick<SessionApi, 'can' | 'has'> & Partial<SessionApi> {
  return useContext(SessionContext) ?? { can: () => true, has: () => true };
}
