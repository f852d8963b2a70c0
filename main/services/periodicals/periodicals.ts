import type { z } from 'zod';
import type { Periodical as PeriodicalDto, PeriodicalIssue as IssueDto, periodicalInput, receiveIssueInput } from '../../../shared/contract/periodicals';
import { isIsoDate, todayIso, formatDate, schoolYearRange } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { cleanText, compareVi } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as periodicals from '../../db/queries/periodicals';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';

/** Every periodical with its latest issue: active first, then by Vietnamese name. */
export function listPeriodicals(sql: Sql, activeOnly = false): PeriodicalDto[] {
  return periodicals.periodicalRows(sql, activeOnly)
    .sort((a, b) => Number(b.active) - Number(a.active) || compareVi(a.name, b.name) || a.id - b.id);
}

/** Issues of one periodical between two ISO dates (inclusive), by date. */
export function issuesBetween(sql: Sql, periodicalId: number, from: string, to: string): IssueDto[] {
  return periodicals.issuesBetween(sql, periodicalId, from, to);
}

export function savePeriodical(ctx: ServiceContext, input: z.output<typeof periodicalInput>): PeriodicalDto {
  const sql = ctx.sql;
  const fields = {
    name: cleanText(input.name), publisher: cleanText(input.publisher), frequency: cleanText(input.frequency),
    language: cleanText(input.language), copiesOrdered: input.copiesOrdered, active: input.active,
  };
  const savedId = transaction(sql, () => {
    const key = fields.name.toLocaleLowerCase('vi');
    const same = periodicals.periodicalRows(sql).find((p) => p.id !== input.id && cleanText(p.name).toLocaleLowerCase('vi') === key);
    if (same) throw new AppError('DUPLICATE', `Đã có báo, tạp chí "${same.name}" trong sổ.`);
    if (input.id) {
      const existing = periodicals.periodicalById(sql, input.id);
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy báo, tạp chí này.');
      periodicals.updatePeriodical(sql, existing.id, fields);
      const { lastReceivedOn: _r, lastIssueNumber: _n, ...before } = existing;
      writeAudit(sql, { action: 'periodical.update', entity: 'periodical', entityId: existing.id, details: { before, after: fields }, at: ctx.now() });
      return existing.id;
    }
    const id = periodicals.insertPeriodical(sql, fields);
    writeAudit(sql, { action: 'periodical.create', entity: 'periodical', entityId: id, details: { after: fields }, at: ctx.now() });
    return id;
  });
  return listPeriodicals(sql).find((p) => p.id === savedId)!;
}

/** Records the issue received on a day; an issue already recorded that day is replaced (and audited). */
export function receiveIssue(ctx: ServiceContext, input: z.output<typeof receiveIssueInput>): { issue: IssueDto; replaced: IssueDto | null } {
  if (!isIsoDate(input.receivedOn)) throw new AppError('BAD_DATE', 'Ngày nhận không hợp lệ.');
  const today = todayIso(ctx.now());
  if (input.receivedOn > today) throw new AppError('FUTURE_DATE', `Ngày nhận không được sau hôm nay (${formatDate(today)}).`);
  const sql = ctx.sql;
  return transaction(sql, () => {
    const p = periodicals.periodicalById(sql, input.periodicalId);
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy báo, tạp chí này.');
    const { before, issue } = periodicals.replaceIssueOn(sql, p.id, input.receivedOn, cleanText(input.issueNumber), input.copies);
    writeAudit(sql, {
      action: before.length ? 'periodical.issue.replace' : 'periodical.issue.receive', entity: 'periodical_issue', entityId: issue.id,
      details: { periodical: p.name, before, after: issue }, at: ctx.now(),
    });
    return { issue, replaced: before.length ? before[before.length - 1] : null };
  });
}

/** A periodical's issues received in a school year. */
export function periodicalIssues(sql: Sql, periodicalId: number, year: string): IssueDto[] {
  if (!periodicals.periodicalById(sql, periodicalId)) throw new AppError('NOT_FOUND', 'Không tìm thấy báo, tạp chí này.');
  const { from, to } = schoolYearRange(year);
  return issuesBetween(sql, periodicalId, from, to);
}
