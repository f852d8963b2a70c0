import { suggestionInput, type Suggestion, type SuggestionSource, type SuggestionStatus } from '../../../shared/contract/suggestions';
import { suggestionSources } from '../../../shared/contract/enums';
import { AppError } from '../../../shared/errors';
import { todayIso } from '../../../shared/dates';
import { cleanText, fold } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/suggestions';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';

export interface SuggestionFieldsIn { title: string; author?: string; who?: string; why?: string }

/**
 * Adds one purchase suggestion to the inbox (status "Mới"). The OPAC calls this with what a
 * visitor typed (source 'opac', through opacSuggestionBox); the librarian's form goes through
 * `suggestions.add` ('typed'). Validates on its own (required title, capped lengths), since the OPAC
 * does not pass through the contract's dispatch: bad input throws a Vietnamese AppError and writes nothing.
 * The same title and author (folded) as a suggestion still new, or marked spam, is merged into it: its
 * count goes up, nothing new reaches the inbox. Only the librarian's own suggestions are audited: an
 * anonymous one from the school network is recorded by its row (source "Tra cứu trực tuyến"), never as
 * something the librarian did.
 */
export function addSuggestion(ctx: ServiceContext, fields: SuggestionFieldsIn, source: SuggestionSource): Suggestion {
  if (!suggestionSources.includes(source)) throw new AppError('BAD_INPUT', 'Nguồn đề xuất không hợp lệ.');
  const parsed = suggestionInput.safeParse(fields);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Đề xuất không hợp lệ.');
  const v = parsed.data;
  const sql = ctx.sql;
  const at = ctx.now().toISOString();
  const row = {
    title: cleanText(v.title), author: cleanText(v.author), who: cleanText(v.who), why: v.why.normalize('NFC').trim(), source, createdAt: at,
    matchKey: `${fold(v.title)}\u0001${fold(v.author)}`,
  };
  const id = transaction(sql, () => {
    const same = q.sameSuggestion(sql, row.matchKey);
    if (same !== undefined) q.suggestedAgain(sql, same, at);
    const newId = same ?? q.insertSuggestion(sql, row);
    if (source === 'typed') {
      const { matchKey: _key, ...details } = row;
      writeAudit(sql, { action: 'suggestion.add', entity: 'suggestion', entityId: newId, details: same === undefined ? details : { ...details, merged: true }, at: ctx.now() });
    }
    return newId;
  });
  return q.suggestionById(sql, id)!;
}

/**
 * The OPAC's way in: at most `perDay()` suggestions a day from all devices together (counted in memory,
 * starting from the OPAC rows already created today), then a Vietnamese refusal. Merged repeats count too.
 */
export function opacSuggestionBox(ctx: ServiceContext, perDay: () => number): (fields: SuggestionFieldsIn) => Suggestion {
  let day = '';
  let taken = 0;
  return (fields) => {
    const today = todayIso(ctx.now());
    if (today !== day) {
      day = today;
      taken = q.opacSuggestionsSince(ctx.sql, new Date(`${today}T00:00:00`).toISOString());
    }
    if (taken >= perDay()) {
      throw new AppError('SUGGESTIONS_FULL', 'Hôm nay thư viện đã nhận đủ đề xuất qua mạng; hãy gửi lại vào ngày mai, hoặc đề xuất trực tiếp với cán bộ thư viện.');
    }
    const s = addSuggestion(ctx, fields, 'opac');
    taken++;
    return s;
  };
}

/** Marks new suggestions as spam and takes them out of the inbox: one audit row naming how many. */
export function markSpam(ctx: ServiceContext, ids: number[]): { marked: number } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const titles: string[] = [];
    for (const id of new Set(ids)) {
      const before = q.suggestionById(sql, id);
      if (before && q.markSuggestionSpam(sql, id)) titles.push(before.title);
    }
    if (titles.length === 0) throw new AppError('NOT_FOUND', 'Không có đề xuất mới nào trong các đề xuất đã chọn.');
    writeAudit(sql, { action: 'suggestion.spam', entity: 'suggestion', details: { count: titles.length, titles: titles.slice(0, 10) }, at: ctx.now() });
    return { marked: titles.length };
  });
}

export function listSuggestions(ctx: ServiceContext, status?: SuggestionStatus): Suggestion[] {
  return q.suggestionRows(ctx.sql, status);
}

/** Moves a suggestion between Mới / Đã đưa vào kế hoạch / Không mua (audited). */
export function setSuggestionStatus(ctx: ServiceContext, id: number, status: SuggestionStatus, planLineId: number | null): Suggestion {
  if (planLineId !== null && status !== 'planned') throw new AppError('BAD_INPUT', 'Chỉ đề xuất "Đã đưa vào kế hoạch" mới gắn với một dòng kế hoạch.');
  const sql = ctx.sql;
  return transaction(sql, () => {
    const before = q.suggestionById(sql, id);
    if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy đề xuất này.');
    q.setSuggestionStatus(sql, id, status, planLineId);
    writeAudit(sql, { action: 'suggestion.status', entity: 'suggestion', entityId: id, details: { before: { status: before.status, planLineId: before.planLineId }, after: { status, planLineId } }, at: ctx.now() });
    return q.suggestionById(sql, id)!;
  });
}
