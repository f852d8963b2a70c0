import { contract, isMethodName } from '../../shared/contract';
import { describeInvalid } from '../../shared/contract/field-labels';
import { AppError, type Result } from '../../shared/errors';
import type { ServiceContext } from './context';
import { handlers as allHandlers } from './handlers';
import { storageError } from './backup/storage-errors';
import type { z } from 'zod';

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'Dữ liệu không hợp lệ.';
  return describeInvalid(first);
}

/**
 * The single entry for IPC, HTTP and tests: validates the input with the contract's schema, runs
 * the handler and returns the result as data. Invalid input never reaches a service.
 */
export async function dispatch(
  ctx: ServiceContext,
  method: string,
  rawInput: unknown,
  handlers: Record<string, (input: never, ctx: ServiceContext) => Promise<unknown>> = allHandlers as never,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, code: 'UNKNOWN_METHOD', message: `Không có chức năng "${method}".` };
  }
  // A damaged database is never written: only the status, the list, the settings and the restore answer.
  if (ctx.damage && (!method.startsWith('backup.') || method === 'backup.run') && method !== 'settings.appInfo') {
    return { ok: false, code: 'DATABASE_DAMAGED', message: `Cơ sở dữ liệu bị hỏng (${ctx.damage.problem}); hãy khôi phục từ một bản sao lưu.` };
  }
  if (ctx.offload?.handles(method)) return ctx.offload.call(method, rawInput);
  const parsed = contract[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, code: 'INVALID_INPUT', message: describeIssues(parsed.error), details: parsed.error.issues };
  }
  try {
    const value = await handlers[method](parsed.data as never, ctx);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, ...error.toData() };
    // A full disk, a read-only folder, a locked or damaged file: SQLite rolled the write back; say so in words.
    const storage = storageError(error);
    if (storage) return { ok: false, ...storage.toData() };
    console.error(`[${method}]`, error);
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'INTERNAL', message: `Đã xảy ra lỗi ngoài dự kiến: ${detail}` };
  }
}
