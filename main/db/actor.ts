import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who the current call acts as (issue 20). `dispatch` (and the CLI, the OPAC listener, the worker) runs each call
 * inside `actingAs(actor, …)`; whatever that call does, however deep and across awaits, reads it with `currentActor()`
 * — so no service threads an "actor" parameter through its functions, and `writeAudit` and the loan queries record
 * the account by themselves.
 */
export interface Actor {
  /** The account; null for the CLI, the OPAC and other programs acting for nobody in particular. */
  accountId: number | null;
  /** As the Nhật ký names it: the account's name, "Dòng lệnh (lan)", "Tra cứu qua mạng (địa chỉ 10.0.0.7)". */
  name: string;
  /** The account's role (shared/accounts.ts); null for a trusted program (the CLI). */
  role: string | null;
  roleLabel: string;
  /** The desk session the call carried (session.signOut ends it); none for programs. */
  session?: string | null;
}

const storage = new AsyncLocalStorage<Actor>();

export function actingAs<T>(actor: Actor, run: () => T): T {
  return storage.run(actor, run);
}

/** The actor of the call in progress, or undefined outside any (tests calling services directly, start-up work). */
export function currentActor(): Actor | undefined {
  return storage.getStore();
}

/** The account id to record on a row the current call writes (null outside a signed-in call). */
export function actorAccountId(): number | null {
  return storage.getStore()?.accountId ?? null;
}
