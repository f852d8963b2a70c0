import type { circulationContract, PolicyDto } from '../../../shared/contract/circulation';
import { AppError } from '../../../shared/errors';
import { deletePolicy, policyById, policyIdFor, savePolicy, seriesExists } from '../../db/queries/circulation';
import { writeAudit } from '../../db/queries/audit';
import { sqlOf, transaction } from '../../db/sql';
import type { HandlersFor } from '../handler-types';
import { getSetting, putSettingAudited } from '../settings';
import { classSetPdf, classSets, classSetTitles, lendClassSet, returnClassSet } from './class-sets';
import { byCode, checkout, found, HOLIDAYS_KEY, loanHistory, markLost, policies, readerPanel, recordVisit, renew, returnCopy, scan, transfer, undo } from './desk';
import { lookup } from './lookup';
import { overdueLoans, reminderSlips } from './overdue';

const READER_ORDER = ['student', 'teacher', 'staff'];

export const circulationHandlers: HandlersFor<typeof circulationContract> = {
  'circulation.scan': async (input, ctx) => scan(ctx, input.code, input.readerId, input.mode),
  'circulation.lookup': async (input, ctx) => lookup(ctx, input.code),
  'circulation.panel': async (input, ctx) => readerPanel(ctx, input.readerId),
  'circulation.checkout': async (input, ctx) => checkout(ctx, input.readerId, input.code, input.overrideReason),
  'circulation.return': async (input, ctx) => {
    const { loan, panel } = returnCopy(ctx, input.code);
    return { loan, panel };
  },
  'circulation.transfer': async (input, ctx) => transfer(ctx, input.readerId, input.code, input.overrideReason),
  'circulation.found': async (input, ctx) => found(ctx, input.code),
  'circulation.history': async (input, ctx) => loanHistory(ctx, input.readerId),
  'circulation.renew': async (input, ctx) => renew(ctx, input.loanId, input.overrideReason),
  'circulation.undo': async (input, ctx) => undo(ctx, input.action, input.loanId, input.previousDueAt),
  'circulation.visit': async (input, ctx) => {
    const { visitId, today, repeated } = recordVisit(ctx, input.readerId, input.headcount, input.note);
    return { visitId, today, repeated };
  },
  'circulation.markLost': async (input, ctx) => markLost(ctx, input.loanId, input.compensation, input.amount, input.note),
  'circulation.overdue': async (input, ctx) => overdueLoans(ctx, input),
  'circulation.remindersPdf': async (input, ctx) => reminderSlips(ctx, input.className),
  'circulation.classSetTitles': async (input, ctx) => classSetTitles(ctx, input.className),
  'circulation.lendClassSet': async (input, ctx) => lendClassSet(ctx, input.className, input.titleIds),
  'circulation.returnClassSet': async (input, ctx) => returnClassSet(ctx, input.classSet),
  'circulation.classSets': async (_input, ctx) => classSets(ctx),
  'circulation.classSetPdf': async (input, ctx) => classSetPdf(ctx, input.classSet),
  'circulation.policies': async (_input, ctx) =>
    policies(ctx).map((p) => ({ ...p, readerKind: p.readerKind as PolicyDto['readerKind'] }))
      .sort((a, b) => READER_ORDER.indexOf(a.readerKind) - READER_ORDER.indexOf(b.readerKind)
        || (a.seriesCode === '*' ? -1 : b.seriesCode === '*' ? 1 : byCode(a.seriesCode, b.seriesCode))),
  'circulation.savePolicy': async (input, ctx) => {
    const sql = sqlOf(ctx.db);
    return transaction(sql, () => {
      const clash = policyIdFor(sql, input.readerKind, input.seriesCode);
      if (clash !== undefined && clash !== input.id) throw new AppError('POLICY_EXISTS', 'Đã có quy định cho đối tượng và loại tài liệu này.');
      if (input.seriesCode !== '*' && !seriesExists(sql, input.seriesCode)) throw new AppError('SERIES_NOT_FOUND', `Không có loại tài liệu mã ${input.seriesCode}.`);
      if (input.inLibraryOnly && input.untilYearEnd) throw new AppError('POLICY_CONFLICT', 'Không thể vừa chỉ đọc tại chỗ vừa mượn dài hạn.');
      const { id, ...fields } = input;
      const before = id !== undefined ? policyById(sql, id) ?? null : null;
      const savedId = savePolicy(sql, id, fields);
      writeAudit(sql, { action: before ? 'policy.update' : 'policy.create', entity: 'setting', entityId: savedId, at: ctx.now(), details: { before, after: fields } });
      return { ...input, id: savedId };
    });
  },
  'circulation.deletePolicy': async (input, ctx) => {
    const sql = sqlOf(ctx.db);
    return transaction(sql, () => {
      const row = policyById(sql, input.id);
      if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy quy định này.');
      if (row.seriesCode === '*') throw new AppError('POLICY_DEFAULT', 'Không xóa được quy định chung (*) của một đối tượng bạn đọc; hãy sửa số liệu.');
      deletePolicy(sql, input.id);
      writeAudit(sql, { action: 'policy.delete', entity: 'setting', entityId: input.id, at: ctx.now(), details: { before: row } });
      return { ok: true as const };
    });
  },
  'circulation.holidays': async (_input, ctx) => ({ dates: await getSetting<string[]>(ctx.db, HOLIDAYS_KEY, []) }),
  'circulation.saveHolidays': async (input, ctx) => {
    const dates = [...new Set(input.dates)].sort();
    const before = await getSetting<string[]>(ctx.db, HOLIDAYS_KEY, []);
    putSettingAudited(ctx.db, HOLIDAYS_KEY, dates, ctx.now(), {
      action: 'circulation.holidays', details: { added: dates.filter((d) => !before.includes(d)), removed: before.filter((d) => !dates.includes(d)) },
    });
    return { dates };
  },
};
