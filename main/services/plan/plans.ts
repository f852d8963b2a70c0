import type { z } from 'zod';
import { currentActor, requirePermission } from '../actor';
import type { Plan, PlanLine, planLineInput, PlanPriority, PlanReason, PlanStatus } from '../../../shared/contract/plan';
import { planReasons, planStatusLabels } from '../../../shared/contract/enums';
import { formatDate, schoolYearOf, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { formatAmount } from '../../../shared/number-words';
import { cleanText, fold } from '../../../shared/text';
import { batchById, batchLines } from '../../db/queries/accession';
import { writeAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/plan';
import { suggestionById } from '../../db/queries/suggestions';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { setSuggestionStatus } from '../suggestions/suggestions';

export type LineInput = z.output<typeof planLineInput>;

/** "đã nhận 18/20, còn 2" — what arrived against what was planned; "" when no phiếu nhập is linked. */
export function receivedText(received: number, quantity: number, linked: boolean): string {
  if (!linked) return '';
  const base = `đã nhận ${formatAmount(received)}/${formatAmount(quantity)}`;
  if (received < quantity) return `${base}, còn ${formatAmount(quantity - received)}`;
  if (received > quantity) return `${base}, thừa ${formatAmount(received - quantity)}`;
  return `${base}, đủ`;
}

/** A plan version as the screens, prints and files read it: lines, totals, budget, receipts, versions. */
export function planView(sql: Sql, id: number): Plan {
  const p = q.planById(sql, id);
  if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
  const linked = new Set(q.planReceipts(sql, id).map((r) => r.planLineId));
  const lines: PlanLine[] = q.planLines(sql, id).map((l) => ({
    ...l, reason: l.reason as PlanReason, priority: l.priority as PlanPriority, amount: l.quantity * l.unitPrice,
    received: Number(l.received), receivedAmount: Number(l.receivedAmount),
    receivedText: receivedText(Number(l.received), l.quantity, linked.has(l.id)), overDelivered: Number(l.received) > l.quantity,
  }));
  const sum = (ls: PlanLine[]) => ({ lines: ls.length, copies: ls.reduce((a, l) => a + l.quantity, 0), amount: ls.reduce((a, l) => a + l.amount, 0) });
  const order = q.seriesCodes(sql);
  const seriesSeen = [...new Set(lines.map((l) => l.seriesCode))]
    .sort((a, b) => (order.indexOf(a) < 0 ? 999 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 999 : order.indexOf(b)) || a.localeCompare(b));
  const total = sum(lines);
  const received = lines.reduce((a, l) => a + l.received, 0);
  const receivedAmount = lines.reduce((a, l) => a + l.receivedAmount, 0);
  const versions = q.plansOfYear(sql, p.schoolYear);
  const latest = versions[versions.length - 1].id === p.id;
  return {
    id: p.id, year: p.schoolYear, version: p.version, status: p.status as PlanStatus, budgetCap: p.budgetCap,
    remaining: p.budgetCap === null ? null : p.budgetCap - total.amount,
    overBudget: p.budgetCap !== null && total.amount > p.budgetCap,
    receivedOverBudget: receivedAmount > (p.budgetCap ?? total.amount),
    purpose: p.purpose, approvalDate: p.approvalDate, approvalNumber: p.approvalNumber, approvedBy: p.approvedByName || null, createdAt: p.createdAt,
    frozen: p.status !== 'draft', latest,
    lines,
    totals: {
      ...total, received, receivedAmount,
      bySeries: seriesSeen.map((s) => ({ seriesCode: s, ...sum(lines.filter((l) => l.seriesCode === s)) })),
      byReason: planReasons.filter((r) => lines.some((l) => l.reason === r)).map((r) => ({ reason: r, ...sum(lines.filter((l) => l.reason === r)) })),
    },
    versions: versions.map((v) => ({ id: v.id, version: v.version, status: v.status as PlanStatus, approvalDate: v.approvalDate, approvalNumber: v.approvalNumber })),
    receipts: q.linkedBatches(sql, id).map((b) => ({ ...b, lines: Number(b.lines), outside: outsidePlan(sql, id, b.batchId) })),
  };
}

/** "Nhận ngoài kế hoạch": the lines of a linked phiếu nhập that count against no line of the plan. */
function outsidePlan(sql: Sql, planId: number, batchId: number): { title: string; quantity: number; amount: number }[] {
  const counted = new Set(q.planReceipts(sql, planId).filter((r) => r.batchId === batchId).map((r) => r.titleId));
  return batchLines(sql, batchId).filter((bl) => !counted.has(bl.titleId))
    .map((bl) => ({ title: bl.title, quantity: bl.quantity, amount: bl.quantity * bl.unitPrice }));
}

/** The year's plan: the version asked for, else the latest; null when the year has none. */
export function planOfYear(sql: Sql, year: string, version?: number): Plan | null {
  const versions = q.plansOfYear(sql, year);
  const p = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (version !== undefined && !p) throw new AppError('NOT_FOUND', `Kế hoạch năm học ${year} không có phiên bản ${version}.`);
  return p ? planView(sql, p.id) : null;
}

/** The year's latest plan (planOfYear) on the context's database; the transports ask through this. */
export function latestPlanOfYear(ctx: ServiceContext, year: string): Plan | null {
  return planOfYear(ctx.sql, year);
}

export const DEFAULT_PURPOSE = (year: string) =>
  `Thực hiện nhiệm vụ năm học ${year}, thư viện phối hợp với bộ phận kế toán xây dựng kế hoạch mua sắm, bổ sung sách, tài liệu ` +
  'nhằm thay thế sách hư, mất, bổ sung vốn tài liệu đạt chuẩn theo Thông tư 16/2022/TT-BGDĐT, đáp ứng nhu cầu đọc của giáo viên, ' +
  'học sinh và dự trù sách giáo khoa cho năm học tới, trong phạm vi kinh phí của nhà trường, trình Hiệu trưởng phê duyệt.';

export function createPlan(ctx: ServiceContext, year: string): Plan {
  const sql = ctx.sql;
  const id = transaction(sql, () => {
    if (q.plansOfYear(sql, year).length) throw new AppError('EXISTS', `Năm học ${year} đã có kế hoạch mua sắm.`);
    const newId = q.insertPlan(sql, { schoolYear: year, version: 1, budgetCap: null, purpose: DEFAULT_PURPOSE(year), createdAt: ctx.now().toISOString() });
    writeAudit(sql, { action: 'plan.create', entity: 'plan', entityId: newId, details: { year }, at: ctx.now() });
    return newId;
  });
  return planView(sql, id);
}

/** The latest version of the year's plan, created (version 1) when the year has none: what the CLI import fills. */
export function planForYear(ctx: ServiceContext, year: string): Plan {
  return planOfYear(ctx.sql, year) ?? createPlan(ctx, year);
}

/** Only a draft (the latest version) takes changes; anything else names what to do instead. */
export function editablePlan(sql: Sql, planId: number) {
  const p = q.planById(sql, planId);
  if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
  if (p.status !== 'draft') {
    throw new AppError('PLAN_FROZEN', p.status === 'submitted'
      ? 'Kế hoạch đang trình duyệt: hãy trả về nháp trước khi sửa.'
      : `Kế hoạch phiên bản ${p.version} đã duyệt nên không sửa được; hãy tạo phiên bản mới để thay đổi.`);
  }
  return p;
}

export function updatePlan(ctx: ServiceContext, planId: number, budgetCap: number | null, purpose: string): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    const p = editablePlan(sql, planId);
    q.updatePlanHeader(sql, planId, budgetCap, purpose.normalize('NFC').trim());
    writeAudit(sql, { action: 'plan.update', entity: 'plan', entityId: planId, details: { before: { budgetCap: p.budgetCap }, after: { budgetCap } }, at: ctx.now() });
  });
  return planView(sql, planId);
}

/** Cleans a line and finds its catalogue title by ISBN when it has none. */
export function lineFields(sql: Sql, l: Omit<LineInput, 'id'>): q.PlanLineFields {
  const isbnNorm = normalizeIsbn(l.isbn);
  if (isbnNorm === 'invalid') throw new AppError('BAD_ISBN', `ISBN "${l.isbn}" sai (kiểm tra lại chữ số cuối).`);
  const isbn = isbnNorm ?? '';
  const titleId = l.titleId ?? (isbn ? (q.titleIdsByIsbn(sql, isbn)[0] ?? null) : null);
  return {
    titleId, title: cleanText(l.title), authors: cleanText(l.authors), publisher: cleanText(l.publisher), publicationYear: l.publicationYear,
    isbn, seriesCode: cleanText(l.seriesCode).toUpperCase(), quantity: l.quantity, unitPrice: l.unitPrice, reason: l.reason,
    priority: l.priority, funding: cleanText(l.funding), supplier: cleanText(l.supplier), note: cleanText(l.note), suggestionId: l.suggestionId,
  };
}

export function saveLine(ctx: ServiceContext, planId: number, line: LineInput): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    editablePlan(sql, planId);
    const fields = lineFields(sql, line);
    if (line.id) {
      const before = q.planLineById(sql, line.id);
      if (!before || before.planId !== planId) throw new AppError('NOT_FOUND', 'Không tìm thấy dòng kế hoạch này.');
      q.updatePlanLine(sql, line.id, { ...fields, suggestionId: before.suggestionId });
      writeAudit(sql, { action: 'plan.line.update', entity: 'plan_line', entityId: line.id, details: { before: { quantity: before.quantity, unitPrice: before.unitPrice }, after: fields }, at: ctx.now() });
    } else {
      const id = q.insertPlanLine(sql, planId, fields);
      writeAudit(sql, { action: 'plan.line.add', entity: 'plan_line', entityId: id, details: fields, at: ctx.now() });
    }
  });
  return planView(sql, planId);
}

/** Adds lines in one transaction (needs, forecast, quotation); returns their ids. Call inside a transaction. */
export function insertLinesSync(ctx: ServiceContext, sql: Sql, planId: number, lines: Omit<LineInput, 'id'>[], action: string, details: Record<string, unknown> = {}): number[] {
  editablePlan(sql, planId);
  const ids = lines.map((l) => q.insertPlanLine(sql, planId, lineFields(sql, l)));
  writeAudit(sql, {
    action, entity: 'plan', entityId: planId, at: ctx.now(),
    details: { ...details, lines: ids.length, copies: lines.reduce((a, l) => a + l.quantity, 0), amount: lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0) },
  });
  return ids;
}

export function addLines(ctx: ServiceContext, planId: number, lines: LineInput[]): Plan {
  const sql = ctx.sql;
  transaction(sql, () => insertLinesSync(ctx, sql, planId, lines, 'plan.line.addMany'));
  return planView(sql, planId);
}

export function deleteLine(ctx: ServiceContext, planId: number, lineId: number): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    editablePlan(sql, planId);
    const line = q.planLineById(sql, lineId);
    if (!line || line.planId !== planId) throw new AppError('NOT_FOUND', 'Không tìm thấy dòng kế hoạch này.');
    q.deletePlanLine(sql, lineId);
    // The suggestion it came from goes back to the inbox.
    if (line.suggestionId && suggestionById(sql, line.suggestionId)?.planLineId === lineId) setSuggestionStatus(ctx, line.suggestionId, 'new', null);
    writeAudit(sql, { action: 'plan.line.delete', entity: 'plan_line', entityId: lineId, details: line, at: ctx.now() });
  });
  return planView(sql, planId);
}

/** Suggestions of the inbox become lines ("Đề xuất của giáo viên/học sinh"), marked "Đã đưa vào kế hoạch". */
export function addSuggestions(ctx: ServiceContext, planId: number, ids: number[]): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    editablePlan(sql, planId);
    for (const id of ids) {
      const s = suggestionById(sql, id);
      if (!s) throw new AppError('NOT_FOUND', 'Không tìm thấy đề xuất này.');
      if (s.status === 'planned') throw new AppError('ALREADY_PLANNED', `Đề xuất "${s.title}" đã được đưa vào kế hoạch.`);
      const note = [s.who && `Đề xuất: ${s.who}`, s.why].filter(Boolean).join(' — ');
      const [lineId] = insertLinesSync(ctx, sql, planId, [{
        titleId: null, title: s.title, authors: s.author, publisher: '', publicationYear: null, isbn: '', seriesCode: '', quantity: 1, unitPrice: 0,
        reason: 'suggestion', priority: 'normal', funding: 'Ngân sách', supplier: '', note: note.slice(0, 300), suggestionId: s.id,
      }], 'plan.line.fromSuggestion', { suggestionId: s.id });
      setSuggestionStatus(ctx, s.id, 'planned', lineId);
    }
  });
  return planView(sql, planId);
}

/** nháp → trình duyệt → đã duyệt (date and number of the principal's approval); a submitted plan can go back to nháp. */
export function setStatus(ctx: ServiceContext, planId: number, action: 'submit' | 'return' | 'approve', approvalDate: string | undefined, approvalNumber: string): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    const p = q.planById(sql, planId);
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
    const versions = q.plansOfYear(sql, p.schoolYear);
    if (versions[versions.length - 1].id !== p.id) throw new AppError('OLD_VERSION', `Phiên bản ${p.version} đã có phiên bản mới hơn; phiên bản cũ được giữ nguyên.`);
    const now = planStatusLabels[p.status as PlanStatus] ?? p.status;
    // The method needs plan.decide; submitting is the plan's author's (plan.edit), approving or returning the principal's.
    requirePermission(action === 'submit' ? 'plan.edit' : 'plan.approve');
    if (action === 'submit') {
      if (p.status !== 'draft') throw new AppError('BAD_STATUS', `Kế hoạch đang ở trạng thái "${now}", không trình duyệt được.`);
      if (q.planLines(sql, planId).length === 0) throw new AppError('EMPTY_PLAN', 'Kế hoạch chưa có dòng nào để trình duyệt.');
      q.setPlanStatus(sql, planId, 'submitted', null, '');
    } else if (action === 'return') {
      if (p.status !== 'submitted') throw new AppError('BAD_STATUS', `Chỉ kế hoạch đang trình duyệt mới trả về nháp được (hiện: "${now}").`);
      q.setPlanStatus(sql, planId, 'draft', null, '');
    } else {
      if (p.status !== 'submitted') throw new AppError('BAD_STATUS', `Chỉ kế hoạch đang trình duyệt mới duyệt được (hiện: "${now}").`);
      if (!approvalDate) throw new AppError('BAD_INPUT', 'Hãy nhập ngày Hiệu trưởng duyệt.');
      const today = todayIso(ctx.now());
      if (approvalDate > today) throw new AppError('FUTURE_DATE', `Ngày duyệt không được sau hôm nay (${formatDate(today)}).`);
      if (!cleanText(approvalNumber)) throw new AppError('BAD_INPUT', 'Hãy nhập số quyết định (văn bản) duyệt kế hoạch.');
      q.setPlanStatus(sql, planId, 'approved', approvalDate, cleanText(approvalNumber));
    }
    // Who approved it prints under the principal's signature line; a plan sent back loses it.
    const actor = currentActor();
    if (action === 'approve') q.setPlanApprover(sql, planId, actor?.accountId ?? null, actor?.name ?? '');
    else q.setPlanApprover(sql, planId, null, '');
    writeAudit(sql, { action: `plan.${action}`, entity: 'plan', entityId: planId, details: { from: p.status, approvalDate, approvalNumber }, at: ctx.now() });
  });
  return planView(sql, planId);
}

/** A change to an approved plan: the next version as a draft copy (lines and linked phiếu nhập), the approved one kept frozen. */
export function newVersion(ctx: ServiceContext, planId: number): Plan {
  const sql = ctx.sql;
  const id = transaction(sql, () => {
    const p = q.planById(sql, planId);
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
    const versions = q.plansOfYear(sql, p.schoolYear);
    if (versions[versions.length - 1].id !== p.id) throw new AppError('OLD_VERSION', `Phiên bản ${p.version} đã có phiên bản mới hơn.`);
    if (p.status !== 'approved' && p.status !== 'executing') throw new AppError('BAD_STATUS', 'Chỉ kế hoạch đã duyệt mới cần phiên bản mới; bản nháp sửa trực tiếp được.');
    const newId = q.insertPlan(sql, { schoolYear: p.schoolYear, version: p.version + 1, budgetCap: p.budgetCap, purpose: p.purpose, createdAt: ctx.now().toISOString() });
    const lineMap = new Map<number, number>();
    for (const l of q.planLines(sql, planId)) {
      const { id: oldId, planId: _p, position: _pos, received: _r, receivedAmount: _ra, ...fields } = l;
      lineMap.set(oldId, q.insertPlanLine(sql, newId, fields));
    }
    for (const r of q.planReceipts(sql, planId)) q.insertPlanReceipt(sql, lineMap.get(r.planLineId)!, r.batchId, r.titleId);
    writeAudit(sql, { action: 'plan.newVersion', entity: 'plan', entityId: newId, details: { from: planId, version: p.version + 1 }, at: ctx.now() });
    return newId;
  });
  return planView(sql, id);
}

/** What the Nhật ký says of a phiếu nhập: its Sổ ĐKTQ number, date, voucher and copies. */
function batchLabel(b: { registerNumber: number | null; date: string; voucherNumber: string; totalCopies: number }) {
  return { registerNumber: b.registerNumber, date: b.date, voucherNumber: b.voucherNumber, copies: b.totalCopies };
}

/**
 * Links a phiếu nhập to an approved plan (thực hiện): each of its lines counts against the plan line
 * given, or the plan line of the same title (by catalogue title, ISBN or the same name).
 */
export function linkBatch(ctx: ServiceContext, planId: number, batchId: number, links?: { batchLineId: number; planLineId: number }[]): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    const p = q.planById(sql, planId);
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
    if (p.status !== 'approved' && p.status !== 'executing') throw new AppError('BAD_STATUS', 'Chỉ gắn phiếu nhập vào kế hoạch đã được Hiệu trưởng duyệt.');
    const versions = q.plansOfYear(sql, p.schoolYear);
    if (versions[versions.length - 1].id !== p.id) throw new AppError('OLD_VERSION', `Phiên bản ${p.version} đã có phiên bản mới hơn; hãy gắn vào phiên bản mới nhất.`);
    const batch = batchById(sql, batchId);
    if (!batch) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
    // A plan is a school year's budget: what arrived in another year was bought on another year's plan.
    if (schoolYearOf(batch.date) !== p.schoolYear) {
      throw new AppError('OTHER_YEAR', `Phiếu nhập số ${batch.registerNumber ?? batch.id} ngày ${formatDate(batch.date)} thuộc năm học ${schoolYearOf(batch.date)}, không gắn được vào kế hoạch năm học ${p.schoolYear}.`);
    }
    const bLines = batchLines(sql, batchId);
    const pLines = q.planLines(sql, planId);
    const pairs: { planLineId: number; titleId: number }[] = [];
    if (links && links.length) {
      for (const link of links) {
        const bl = bLines.find((b) => b.id === link.batchLineId);
        if (!bl) throw new AppError('NOT_FOUND', 'Dòng phiếu nhập không thuộc phiếu này.');
        if (!pLines.some((l) => l.id === link.planLineId)) throw new AppError('NOT_FOUND', 'Dòng kế hoạch không thuộc kế hoạch này.');
        pairs.push({ planLineId: link.planLineId, titleId: bl.titleId });
      }
    } else {
      for (const bl of bLines) {
        const t = q.titleForLine(sql, bl.titleId);
        const name = fold(t ? `${t.title}${t.volume ? ` – ${t.volume}` : ''}` : bl.title);
        const match = pLines.find((l) => l.titleId === bl.titleId)
          ?? pLines.find((l) => l.titleId === null && ((t?.isbn && l.isbn === t.isbn) || fold(l.title) === name || fold(l.title) === fold(t?.title ?? '')));
        if (match) pairs.push({ planLineId: match.id, titleId: bl.titleId });
      }
      if (!pairs.length) throw new AppError('NO_MATCH', 'Phiếu nhập này không có dòng nào khớp với kế hoạch; hãy chọn dòng kế hoạch cho từng dòng phiếu.');
    }
    for (const pair of pairs) {
      q.insertPlanReceipt(sql, pair.planLineId, batchId, pair.titleId);
      q.setPlanLineTitle(sql, pair.planLineId, pair.titleId);
    }
    if (p.status === 'approved') q.setPlanStatus(sql, planId, 'executing', p.approvalDate, p.approvalNumber);
    writeAudit(sql, { action: 'plan.linkBatch', entity: 'plan', entityId: planId, at: ctx.now(),
      details: { batchId, batch: batchLabel(batch), year: p.schoolYear, version: p.version, pairs } });
  });
  return planView(sql, planId);
}

export function unlinkBatch(ctx: ServiceContext, planId: number, batchId: number): Plan {
  const sql = ctx.sql;
  transaction(sql, () => {
    const p = q.planById(sql, planId);
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
    const n = q.deletePlanReceipts(sql, planId, batchId);
    if (!n) throw new AppError('NOT_FOUND', 'Phiếu nhập này chưa gắn với kế hoạch.');
    const batch = batchById(sql, batchId);
    writeAudit(sql, { action: 'plan.unlinkBatch', entity: 'plan', entityId: planId, at: ctx.now(),
      details: { batchId, batch: batch ? batchLabel(batch) : null, year: p.schoolYear, version: p.version } });
  });
  return planView(sql, planId);
}

/** A scanned ISBN: the line that has it, else a new line for the catalogue title that has it, else "none" (the form opens with it). */
export function scanIsbn(ctx: ServiceContext, planId: number, text: string): { found: 'line' | 'catalogue' | 'none'; lineId: number | null; isbn: string; plan: Plan } {
  const sql = ctx.sql;
  const isbn = normalizeIsbn(text);
  if (!isbn || isbn === 'invalid') throw new AppError('BAD_ISBN', `"${text}" không phải ISBN hợp lệ.`);
  const existing = q.planLines(sql, planId).find((l) => l.isbn === isbn);
  if (!q.planById(sql, planId)) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch này.');
  if (existing) return { found: 'line', lineId: existing.id, isbn, plan: planView(sql, planId) };
  const titleId = q.titleIdsByIsbn(sql, isbn)[0];
  if (titleId === undefined) return { found: 'none', lineId: null, isbn, plan: planView(sql, planId) };
  const t = q.titleForLine(sql, titleId)!;
  const [lineId] = transaction(sql, () => insertLinesSync(ctx, sql, planId, [lineFromTitle(t, 1, 'other', '')], 'plan.line.scan', { isbn }));
  return { found: 'catalogue', lineId, isbn, plan: planView(sql, planId) };
}

/** A plan line for a catalogue title (needs, forecast, scans): its name with the volume, its price as the unit price. */
export function lineFromTitle(t: q.TitleNeedRow, quantity: number, reason: PlanReason, note: string): Omit<LineInput, 'id'> {
  return {
    titleId: t.titleId, title: t.volume ? `${t.title} – ${t.volume}` : t.title, authors: t.authors, publisher: t.publisher,
    publicationYear: t.publicationYear, isbn: t.isbn ?? '', seriesCode: t.seriesCode, quantity, unitPrice: t.coverPrice ?? 0,
    reason, priority: reason === 'sgk' || reason === 'replace' ? 'high' : 'normal', funding: 'Ngân sách', supplier: '', note, suggestionId: null,
  };
}
