import { suggestionInput, type Suggestion, type SuggestionSource, type SuggestionStatus } from '../../../shared/contract/suggestions';
import { suggestionSources } from '../../../shared/contract/enums';
import { AppError } from '../../../shared/errors';
import { cleanText } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/suggestions';
import { sqlOf, transaction } from '../../db/sql';
import type { ServiceContext } from '../context';

export interface SuggestionFieldsIn { title: string; author?: string; who?: string; why?: string }

/**
 * Adds one purchase suggestion to the inbox (status "Mới"). The OPAC calls this with what a
 * visitor typed (source 'opac'); the librarian's form goes through `suggestions.add` ('typed').
 * Validates on its own (required title, capped lengths), since the OPAC does not pass through
 * the contract's dispatch: bad input throws a Vietnamese AppError and writes nothing.
 */
export function addSuggestion(ctx: ServiceContext, fields: SuggestionFieldsIn, source: SuggestionSource): Suggestion {
  if (!suggestionSources.includes(source)) throw new AppError('BAD_INPUT', 'Nguồn đề xuất không hợp lệ.');
  const parsed = suggestionInput.safeParse(fields);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Đề xuất không hợp lệ.');
  const v = parsed.data;
  const sql = sqlOf(ctx.db);
  const row = { title: cleanText(v.title), author: cleanText(v.author), who: cleanText(v.who), why: v.why.normalize('NFC').trim(), source, createdAt: ctx.now().toISOString() };
  const id = transaction(sql, () => {
    const newId = q.insertSuggestion(sql, row);
    writeAudit(sql, { action: 'suggestion.add', entity: 'suggestion', entityId: newId, details: row, at: ctx.now() });
    return newId;
  });
  return q.suggestionById(sql, id)!;
}

export function listSuggestions(ctx: ServiceContext, status?: SuggestionStatus): Suggestion[] {
  return q.suggestionRows(sqlOf(ctx.db), status);
}

/** Moves a suggestion between Mới / Đã đưa vào kế hoạch / Không mua (audited). */
export function setSuggestionStatus(ctx: ServiceContext, id: number, status: SuggestionStatus, planLineId: number | null): Suggestion {
  if (planLineId !== null && status !== 'planned') throw new AppError('BAD_INPUT', 'Chỉ đề xuất "Đã đưa vào kế hoạch" mới gắn với một dòng kế hoạch.');
  const sql = sqlOf(ctx.db);
  return transaction(sql, () => {
    const before = q.suggestionById(sql, id);
    if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy đề xuất này.');
    q.setSuggestionStatus(sql, id, status, planLineId);
    writeAudit(sql, { action: 'suggestion.status', entity: 'suggestion', entityId: id, details: { before: { status: before.status, planLineId: before.planLineId }, after: { status, planLineId } }, at: ctx.now() });
    return q.suggestionById(sql, id)!;
  });
}
