import { contract, isMethodName, type MethodName } from '../../shared/contract';
import { describeInvalid } from '../../shared/contract/field-labels';
import { refusalMessage, roleHas } from '../../shared/accounts';
import { methodPermissions } from '../../shared/permissions';
import { AppError, type Result } from '../../shared/errors';
import { actingAs, type Actor } from '../db/actor';
import type { ServiceContext } from './context';
import { handlers as allHandlers } from './handlers';
import { storageError } from './backup/storage-errors';
import { actorOf, resolveCaller } from './session/sessions';
import type { z } from 'zod';

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'Dữ liệu không hợp lệ.';
  return describeInvalid(first);
}

type Handlers = Record<string, (input: never, ctx: ServiceContext) => Promise<unknown>>;

/** Who a call comes from, as its transport knows it. */
export interface CallFrom {
  /** The desk session the call carries (`x-kesach-session`, the IPC envelope); none: the Thủ thư while "open straight in" is on. */
  session?: string | null;
  /**
   * A caller main trusts without a session: the CLI ("Dòng lệnh (…)"), the backup schedule, the worker thread running
   * a call main already checked. Its `role` null means every permission; an account's role is checked as any other.
   */
  actor?: Actor;
  /** Tests only: other handlers. */
  handlers?: Handlers;
}

export const SIGN_IN_REQUIRED = 'SIGN_IN_REQUIRED';

/**
 * Who the call acts as and whether it may: the trusted actor, else the session's account (or the Thủ thư while
 * "open straight in" is on); then the method's permission (shared/permissions.ts) against the account's role.
 * A refusal happens before the input is read, the worker is asked or anything is written.
 */
function authorise(ctx: ServiceContext, method: MethodName, from: CallFrom): { ok: true; actor: Actor | null } | { ok: false; code: string; message: string } {
  const permission = methodPermissions[method];
  if (from.actor) {
    if (from.actor.role !== null && !roleHas(from.actor.role, permission)) {
      return { ok: false, code: 'FORBIDDEN', message: refusalMessage(from.actor.name, from.actor.role, permission) };
    }
    return { ok: true, actor: from.actor };
  }
  // A damaged database cannot tell who anyone is: only backup.* and settings.appInfo answer there (below), as before accounts.
  if (ctx.damage) return { ok: true, actor: null };
  const caller = resolveCaller(ctx, from.session);
  if (!caller.ok || !caller.account) {
    if (permission === 'session') return { ok: true, actor: null };
    return {
      ok: false, code: SIGN_IN_REQUIRED,
      message: caller.ok || !caller.expired ? 'Hãy đăng nhập.' : 'Phiên đăng nhập đã hết. Hãy đăng nhập.',
    };
  }
  const actor = { ...actorOf(caller.account), session: from.session ?? null };
  if (!roleHas(caller.account.role, permission)) {
    return { ok: false, code: 'FORBIDDEN', message: refusalMessage(caller.account.name, caller.account.role, permission) };
  }
  return { ok: true, actor };
}

/**
 * The single entry for IPC, HTTP, the worker, the CLI's scheduled work and tests: checks who calls and whether that
 * account may (before anything else), validates the input with the contract's schema, runs the handler as that
 * account (db/actor.ts: audit rows and loans name it) and returns the result as data. Invalid input never reaches a service.
 */
export async function dispatch(ctx: ServiceContext, method: string, rawInput: unknown, from: CallFrom = {}): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, code: 'UNKNOWN_METHOD', message: `Không có chức năng "${method}".` };
  }
  // A damaged database is never written: only the status, the list, the settings and the restore answer.
  if (ctx.damage && (!method.startsWith('backup.') || method === 'backup.run') && method !== 'settings.appInfo') {
    return { ok: false, code: 'DATABASE_DAMAGED', message: `Cơ sở dữ liệu bị hỏng (${ctx.damage.problem}); hãy khôi phục từ một bản sao lưu.` };
  }
  let auth: ReturnType<typeof authorise>;
  try {
    auth = authorise(ctx, method, from);
  } catch (error) {
    return failure(method, error);
  }
  if (!auth.ok) return { ok: false, code: auth.code, message: auth.message };
  const actor = auth.actor ?? { accountId: null, name: '', role: null, roleLabel: '', session: from.session ?? null };
  // Checked before offloading: the worker runs the call as this actor and does not check again.
  if (ctx.offload?.handles(method)) return ctx.offload.call(method, rawInput, actor);
  const parsed = contract[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, code: 'INVALID_INPUT', message: describeIssues(parsed.error), details: parsed.error.issues };
  }
  const handlers = from.handlers ?? (allHandlers as unknown as Handlers);
  try {
    const value = await actingAs(actor, () => handlers[method](parsed.data as never, ctx));
    return { ok: true, value };
  } catch (error) {
    return failure(method, error);
  }
}

function failure(method: string, error: unknown): Result<unknown> {
  if (error instanceof AppError) return { ok: false, ...error.toData() };
  // A full disk, a read-only folder, a locked or damaged file: SQLite rolled the write back; say so in words.
  const storage = storageError(error);
  if (storage) return { ok: false, ...storage.toData() };
  console.error(`[${method}]`, error);
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, code: 'INTERNAL', message: `Đã xảy ra lỗi ngoài dự kiến: ${detail}` };
}
