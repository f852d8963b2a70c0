import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Periodical as PeriodicalDto, PeriodicalIssue as IssueDto, periodicalInput, periodicalsContract, receiveIssueInput } from '../../../shared/contract/periodicals';
import { isIsoDate, todayIso, formatDate } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { cleanText, compareVi } from '../../../shared/text';
import { rawConnection } from '../../db/data-source';
import { Periodical, PeriodicalIssue } from '../../db/entities';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import type { HandlersFor } from '../handler-types';
import { inTransaction } from '../transaction';
import { yearRange } from '../registers/common';

type Row = { id: number; name: string; publisher: string; frequency: string; language: string; copiesOrdered: number; active: number | boolean;
  lastReceivedOn: string | null; lastIssueNumber: string | null };

/** Every periodical with its latest issue: active first, then by Vietnamese name. */
export function listPeriodicals(db: DataSource, activeOnly = false): PeriodicalDto[] {
  const rows = rawConnection(db).prepare(`SELECT p.id, p.name, p.publisher, p.frequency, p.language, p.copies_ordered AS copiesOrdered, p.active,
      (SELECT i.received_on FROM periodical_issue i WHERE i.periodical_id = p.id ORDER BY i.received_on DESC, i.id DESC LIMIT 1) AS lastReceivedOn,
      (SELECT i.issue_number FROM periodical_issue i WHERE i.periodical_id = p.id ORDER BY i.received_on DESC, i.id DESC LIMIT 1) AS lastIssueNumber
    FROM periodical p ${activeOnly ? 'WHERE p.active = 1' : ''}`).all() as Row[];
  return rows.map((r) => ({ ...r, active: !!r.active }))
    .sort((a, b) => Number(b.active) - Number(a.active) || compareVi(a.name, b.name) || a.id - b.id);
}

function issueDto(i: PeriodicalIssue): IssueDto {
  return { id: i.id, periodicalId: i.periodicalId, receivedOn: i.receivedOn, issueNumber: i.issueNumber, copies: i.copies };
}

/** Issues of one periodical between two ISO dates (inclusive), by date. */
export function issuesBetween(db: DataSource, periodicalId: number, from: string, to: string): IssueDto[] {
  return rawConnection(db).prepare(`SELECT id, periodical_id AS periodicalId, received_on AS receivedOn, issue_number AS issueNumber, copies
    FROM periodical_issue WHERE periodical_id = ? AND received_on BETWEEN ? AND ? ORDER BY received_on, id`).all(periodicalId, from, to) as IssueDto[];
}

async function savePeriodical(ctx: ServiceContext, input: z.output<typeof periodicalInput>): Promise<PeriodicalDto> {
  const fields = {
    name: cleanText(input.name), publisher: cleanText(input.publisher), frequency: cleanText(input.frequency),
    language: cleanText(input.language), copiesOrdered: input.copiesOrdered, active: input.active,
  };
  const savedId = await inTransaction(ctx.db, async (m) => {
    const repo = m.getRepository(Periodical);
    const key = fields.name.toLocaleLowerCase('vi');
    const same = (await repo.find()).find((p) => p.id !== input.id && cleanText(p.name).toLocaleLowerCase('vi') === key);
    if (same) throw new AppError('DUPLICATE', `Đã có báo, tạp chí "${same.name}" trong sổ.`);
    if (input.id) {
      const existing = await repo.findOneBy({ id: input.id });
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy báo, tạp chí này.');
      await repo.save({ ...existing, ...fields });
      await audit(m, { action: 'periodical.update', entity: 'periodical', entityId: existing.id, details: { before: existing, after: fields }, at: ctx.now() });
      return existing.id;
    }
    const row = await repo.save(repo.create(fields));
    await audit(m, { action: 'periodical.create', entity: 'periodical', entityId: row.id, details: { after: fields }, at: ctx.now() });
    return row.id;
  });
  return listPeriodicals(ctx.db).find((p) => p.id === savedId)!;
}

/** Records the issue received on a day; an issue already recorded that day is replaced (and audited). */
async function receiveIssue(ctx: ServiceContext, input: z.output<typeof receiveIssueInput>): Promise<{ issue: IssueDto; replaced: IssueDto | null }> {
  if (!isIsoDate(input.receivedOn)) throw new AppError('BAD_DATE', 'Ngày nhận không hợp lệ.');
  const today = todayIso(ctx.now());
  if (input.receivedOn > today) throw new AppError('FUTURE_DATE', `Ngày nhận không được sau hôm nay (${formatDate(today)}).`);
  return inTransaction(ctx.db, async (m) => {
    const p = await m.getRepository(Periodical).findOneBy({ id: input.periodicalId });
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy báo, tạp chí này.');
    const repo = m.getRepository(PeriodicalIssue);
    const before = await repo.find({ where: { periodicalId: p.id, receivedOn: input.receivedOn }, order: { id: 'ASC' } });
    if (before.length) await repo.delete(before.map((b) => b.id));
    const saved = await repo.save(repo.create({ periodicalId: p.id, receivedOn: input.receivedOn, issueNumber: cleanText(input.issueNumber), copies: input.copies }));
    const issue = issueDto(saved);
    await audit(m, {
      action: before.length ? 'periodical.issue.replace' : 'periodical.issue.receive', entity: 'periodical_issue', entityId: saved.id,
      details: { periodical: p.name, before: before.map(issueDto), after: issue }, at: ctx.now(),
    });
    return { issue, replaced: before.length ? issueDto(before[before.length - 1]) : null };
  });
}

export const periodicalsHandlers: HandlersFor<typeof periodicalsContract> = {
  'periodicals.list': async (input, ctx) => listPeriodicals(ctx.db, input.activeOnly),
  'periodicals.save': async (input, ctx) => savePeriodical(ctx, input),
  'periodicals.receive': async (input, ctx) => receiveIssue(ctx, input),
  'periodicals.issues': async (input, ctx) => {
    const exists = rawConnection(ctx.db).prepare('SELECT 1 FROM periodical WHERE id = ?').get(input.periodicalId);
    if (!exists) throw new AppError('NOT_FOUND', 'Không tìm thấy báo, tạp chí này.');
    const { from, to } = yearRange(input.year);
    return issuesBetween(ctx.db, input.periodicalId, from, to);
  },
};
