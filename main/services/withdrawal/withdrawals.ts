import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { expandRange, splitCode } from '../../../shared/accession';
import type { CopyRef, WithdrawalDto, withdrawalInput } from '../../../shared/contract/withdrawal';
import { formatDate } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { rawConnection } from '../../db/data-source';
import type { ServiceContext } from '../context';
import { auditRaw, rawWrite } from '../catalogue/core';
import { loadSeries } from '../accession/numbering';

export const REASON_LABELS: Record<string, string> = {
  damaged: 'Hư nát', lost: 'Mất', lostPaid: 'Mất — độc giả đền', outdated: 'Lạc hậu', other: 'Lý do khác',
};

const COPY_REF = `SELECT c.id, c.accession_code AS accessionCode, c.title_id AS titleId, t.title, c.status, c.price,
  (SELECT r.full_name FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL) AS onLoanTo
  FROM copy c JOIN title t ON t.id = c.title_id`;

export function getWithdrawal(raw: Database, id: number): WithdrawalDto {
  const w = raw.prepare(`SELECT id, status, number, date, approval_date AS approvalDate, members, decision_number AS decisionNumber, note,
    created_at AS createdAt, confirmed_at AS confirmedAt FROM withdrawal WHERE id = ?`).get(id) as Omit<WithdrawalDto, 'items' | 'totalValue'> | undefined;
  if (!w) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản này.');
  const items = raw.prepare(`SELECT i.id, i.copy_id AS copyId, c.accession_code AS accessionCode, t.title, i.reason, i.reason_note AS reasonNote,
      i.price, c.status FROM withdrawal_item i JOIN copy c ON c.id = i.copy_id JOIN title t ON t.id = c.title_id
    WHERE i.withdrawal_id = ? ORDER BY c.series_id, c.accession_number`).all(id) as WithdrawalDto['items'];
  return { ...w, items, totalValue: items.reduce((a, i) => a + i.price, 0) };
}

export function listWithdrawals(raw: Database) {
  return (raw.prepare(`SELECT w.id FROM withdrawal w ORDER BY CASE w.status WHEN 'draft' THEN 0 ELSE 1 END, w.date DESC, w.id DESC`)
    .pluck().all() as number[]).map((id) => {
    const { items, ...w } = getWithdrawal(raw, id);
    return { ...w, copies: items.length };
  });
}

export async function saveDraftWithdrawal(ctx: ServiceContext, input: z.output<typeof withdrawalInput>): Promise<WithdrawalDto> {
  const now = ctx.now();
  const id = await rawWrite(ctx.db, (raw) => {
    const seen = new Set<number>();
    const copy = raw.prepare('SELECT id, accession_code AS code, status, price FROM copy WHERE id = ?');
    const rows = input.items.map((item) => {
      const c = copy.get(item.copyId) as { id: number; code: string; status: string; price: number } | undefined;
      if (!c) throw new AppError('NOT_FOUND', 'Không tìm thấy một bản sách trong biên bản.');
      if (c.status === 'withdrawn') throw new AppError('ALREADY_WITHDRAWN', `Bản ${c.code} đã được xuất khỏi kho trước đây.`);
      if (seen.has(c.id)) throw new AppError('DUPLICATE_ITEM', `Bản ${c.code} có hai lần trong biên bản.`);
      seen.add(c.id);
      return { ...item, price: c.price };
    });
    let wid = input.id;
    if (wid) {
      const w = raw.prepare('SELECT status FROM withdrawal WHERE id = ?').get(wid) as { status: string } | undefined;
      if (!w) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản này.');
      if (w.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Biên bản đã xác nhận thì không sửa được.');
      raw.prepare(`UPDATE withdrawal SET number = ?, date = ?, approval_date = ?, members = ?, decision_number = ?, note = ? WHERE id = ?`)
        .run(input.number, input.date, input.approvalDate, input.members, input.decisionNumber, input.note, wid);
      raw.prepare('DELETE FROM withdrawal_item WHERE withdrawal_id = ?').run(wid);
    } else {
      wid = Number(raw.prepare(`INSERT INTO withdrawal (status, number, date, approval_date, members, decision_number, note, created_at, confirmed_at)
        VALUES ('draft', ?, ?, ?, ?, ?, ?, ?, NULL)`).run(input.number, input.date, input.approvalDate, input.members, input.decisionNumber,
        input.note, now.toISOString()).lastInsertRowid);
    }
    const ins = raw.prepare('INSERT INTO withdrawal_item (withdrawal_id, copy_id, reason, reason_note, price) VALUES (?, ?, ?, ?, ?)');
    for (const r of rows) ins.run(wid, r.copyId, r.reason, r.reasonNote, r.price);
    auditRaw(raw, now, input.id ? 'update' : 'create', 'withdrawal', wid, { items: rows.length });
    return wid;
  });
  return getWithdrawal(rawConnection(ctx.db), id);
}

export async function deleteDraftWithdrawal(ctx: ServiceContext, id: number): Promise<void> {
  const now = ctx.now();
  await rawWrite(ctx.db, (raw) => {
    const w = raw.prepare('SELECT status FROM withdrawal WHERE id = ?').get(id) as { status: string } | undefined;
    if (!w) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản này.');
    if (w.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Biên bản đã xác nhận thì không xóa được.');
    raw.prepare('DELETE FROM withdrawal_item WHERE withdrawal_id = ?').run(id);
    raw.prepare('DELETE FROM withdrawal WHERE id = ?').run(id);
    auditRaw(raw, now, 'delete', 'withdrawal', id, {});
  });
}

/**
 * Confirms a biên bản: each copy becomes withdrawn, keeps its line everywhere with the note
 * "đã thanh lọc, BB số … ngày …". A copy on loan is refused unless its reason is a loss (the loan is
 * then closed as lost).
 */
export async function confirmWithdrawal(ctx: ServiceContext, id: number): Promise<WithdrawalDto> {
  const now = ctx.now();
  const stamp = now.toISOString();
  await rawWrite(ctx.db, (raw) => {
    const w = getWithdrawal(raw, id);
    if (w.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Biên bản này đã được xác nhận.');
    if (w.items.length === 0) throw new AppError('EMPTY', 'Biên bản chưa có bản sách nào.');
    const note = `đã thanh lọc, BB số ${w.number} ngày ${formatDate(w.approvalDate ?? w.date)}${w.decisionNumber ? `, QĐ số ${w.decisionNumber}` : ''}`;
    const openLoan = raw.prepare(`SELECT l.id, r.full_name AS reader FROM loan l JOIN reader r ON r.id = l.reader_id
      WHERE l.copy_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`);
    const closeLost = raw.prepare('UPDATE loan SET lost_at = ? WHERE id = ? AND lost_at IS NULL');
    const upd = raw.prepare(`UPDATE copy SET status = 'withdrawn', withdrawal_id = ?, note = CASE WHEN note = '' THEN ? ELSE note || '; ' || ? END
      WHERE id = ?`);
    for (const item of w.items) {
      if (item.status === 'withdrawn') throw new AppError('ALREADY_WITHDRAWN', `Bản ${item.accessionCode} đã được xuất khỏi kho trước đây.`);
      const loan = openLoan.get(item.copyId) as { id: number; reader: string } | undefined;
      if (loan) {
        if (item.reason !== 'lost' && item.reason !== 'lostPaid') {
          throw new AppError('ON_LOAN', `Bản ${item.accessionCode} đang được mượn (${loan.reader}); chỉ xuất được khi ghi lý do "Mất". Hãy nhận trả trước.`);
        }
        closeLost.run(stamp, loan.id);
      }
      upd.run(id, note, note, item.copyId);
    }
    raw.prepare(`UPDATE withdrawal SET status = 'confirmed', confirmed_at = ? WHERE id = ?`).run(stamp, id);
    auditRaw(raw, now, 'confirm', 'withdrawal', id, { copies: w.items.map((i) => i.accessionCode) });
  });
  return getWithdrawal(rawConnection(ctx.db), id);
}

/** "STK000120", "STK120-STK125", "stk3" (typed short), separated by spaces, commas, semicolons or lines. */
export function resolveCopies(raw: Database, text: string): { copies: CopyRef[]; notFound: string[] } {
  const tokens = text.replace(/\s*[-–—]\s*/g, '-').split(/[\s,;]+/).filter(Boolean);
  const series = loadSeries(raw);
  const byCode = raw.prepare(`${COPY_REF} WHERE c.accession_code = ? OR c.barcode = ?`);
  const byNumber = raw.prepare(`${COPY_REF} WHERE c.series_id = ? AND c.accession_number = ?`);
  const copies: CopyRef[] = [];
  const notFound: string[] = [];
  const seen = new Set<number>();
  for (const token of tokens) {
    const codes = expandRange(token) ?? [token];
    for (const code0 of codes) {
      const code = code0.toUpperCase();
      let c = byCode.get(code, code) as CopyRef | undefined;
      if (!c) {
        const parts = splitCode(code);
        const s = parts && series.find((x) => `${x.prefix}${x.separator}`.toUpperCase() === parts.head);
        if (parts && s) c = byNumber.get(s.id, parts.number) as CopyRef | undefined;
      }
      if (!c) notFound.push(code);
      else if (!seen.has(c.id)) {
        seen.add(c.id);
        copies.push(c);
      }
    }
  }
  return { copies, notFound };
}

export function lostCopies(raw: Database): (CopyRef & { compensated: boolean })[] {
  const rows = raw.prepare(`${COPY_REF.replace(' FROM copy c', `,
    EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.lost_at IS NOT NULL AND l.compensation IS NOT NULL) AS compensated FROM copy c`)}
    WHERE c.status <> 'withdrawn' AND (c.status = 'lost'
    OR EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.lost_at IS NOT NULL AND l.returned_at IS NULL))
    ORDER BY c.series_id, c.accession_number`).all() as (CopyRef & { compensated: number })[];
  return rows.map((r) => ({ ...r, compensated: r.compensated === 1 }));
}
