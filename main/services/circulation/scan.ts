import type { ScanMode, ScanResult } from '../../../shared/contract/circulation';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { VISIT_REPEAT_MINUTES } from '../../../shared/loan-rules';
import { nfc } from '../../../shared/text';
import * as loans from '../../db/queries/circulation';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { holdAtShelf, lendIn, returnIn } from './loans';
import { findReader, loanDto, readerPanel } from './reader-panel';
import { recordInLibraryUse, recordVisit } from './visits';

/** Why a returned copy did not go back on the shelf, for the desk's message. */
function restingNote(status: loans.CopyResting): string {
  if (status === 'withdrawn') return ' Bản này đã thanh lọc (xuất kho): để riêng, không xếp lại lên kệ.';
  if (status === 'lost') return ' Bản này đang ghi là đã mất: bấm "Tìm thấy" để đưa lại vào kho.';
  return '';
}

/**
 * Routes a scanned code: a card opens the reader (and records a visit, lượt đến thư viện, in "ghi lượt đọc"
 * mode); in that mode a copy records a lượt đọc tại chỗ and nothing else; otherwise a copy is lent to the open
 * reader, or returned when no reader is open (or in return mode, or when the open reader already holds it);
 * an ISBN opens the title; anything else is a clear error.
 *
 * One transaction, each row read once: the copy with its open loan, then for a loan the reader (with today's
 * visits), their open loans and the rules, the calendar, the insert and the copy's status; the panel is built
 * from those rows (docs/architecture.md, "How a scan becomes a loan row").
 */
export function scan(ctx: ServiceContext, code: string, readerId: number | null, mode: ScanMode): ScanResult {
  const sql = ctx.sql;
  const trimmed = nfc(code).replace(/\s+/g, '');
  return transaction(sql, (): ScanResult => {
    const at = loans.copyAtDesk(sql, trimmed.toUpperCase());
    if (at) {
      const { copy, held } = at;
      // "Ghi lượt đọc": a book scan records in-library reading of that copy; it never lends or returns.
      if (mode === 'visit') return recordInLibraryUse(ctx, at, readerId);
      const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
      if (mode === 'return' || !readerId || (held && held.readerId === readerId)) {
        if (!held) {
          // Đặt trước: a copy on the shelf (or the hold shelf) whose title someone waits for goes to (or stays on) the hold shelf.
          const hold = holdAtShelf(ctx, sql, copy);
          if (hold) {
            const already = copy.status === 'held';
            return {
              action: 'hold', hold,
              message: already ? `Bản ${copy.code} (${title}) đang giữ: ${hold.message}.` : `Sách đặt trước: ${title} — ${copy.code}. ${hold.message}: để lên kệ sách đang giữ.`,
            };
          }
          if (copy.status === 'withdrawn' || copy.withdrawalId !== null) throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} (${title}) đã thanh lọc (xuất kho), không cho mượn được.`);
          if (copy.status === 'lost') {
            throw new AppError('COPY_LOST', `Bản ${copy.code} (${title}) đang ghi là đã mất. Nếu sách đã về thư viện, bấm "Tìm thấy".`, { copyCode: copy.code });
          }
          if (!readerId) throw new AppError('NO_READER', `Bản ${copy.code} (${title}) đang ở thư viện. Hãy quét thẻ bạn đọc trước để cho mượn.`);
          throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${title}) không có ai đang mượn.`);
        }
        const { loanId, status, hold } = returnIn(sql, ctx, copy, held);
        const loan = loanDto(ctx, loanId);
        const panel = readerPanel(ctx, loan.readerId);
        const late = loan.overdueDays > 0 ? ` — trả trễ ${loan.overdueDays} ngày` : ' — đúng hạn';
        const kept = hold ? ` Sách đặt trước — ${hold.message}: để lên kệ sách đang giữ.` : restingNote(status);
        return { action: 'return', loan, panel, hold, message: `Đã trả: ${title} — ${copy.code}, ${panel.reader.fullName}${late}.${kept}` };
      }
      const outcome = lendIn(sql, ctx, readerId, at, undefined);
      if (!outcome.ok) {
        return { action: 'blocked', blocks: outcome.blocks, copyCode: copy.code, title, readerId, message: outcome.blocks.map((b) => b.message).join(' ') };
      }
      const { loan, panel, fulfilled } = outcome;
      const reserved = fulfilled !== null ? ' (sách đặt trước)' : '';
      return { action: 'checkout', loan, panel, fulfilled, message: `Cho mượn${reserved}: ${title} — ${copy.code}, hạn trả ${formatDate(loan.dueAt)}.` };
    }
    const reader = findReader(ctx, trimmed);
    if (reader) {
      const where = reader.className || reader.department;
      const who = `${reader.fullName}${where ? ` (${where})` : ''}`;
      if (mode === 'visit') {
        const v = recordVisit(ctx, reader.id);
        const panel = readerPanel(ctx, reader.id);
        const time = formatDateTime(v.at).slice(11);
        return {
          action: 'reader', panel, visitRecorded: !v.repeated,
          message: v.repeated
            ? `${who} đã được ghi lượt đến thư viện lúc ${time}: quét lại trong ${VISIT_REPEAT_MINUTES} phút vẫn là một lượt, không ghi thêm.`
            : `Đã ghi lượt đến thư viện: ${who}, lúc ${time} (hôm nay ${v.today} lượt).`,
        };
      }
      const panel = readerPanel(ctx, reader.id);
      return { action: 'reader', panel, visitRecorded: false, message: `Bạn đọc: ${reader.fullName}${where ? ` — ${where}` : ''}.` };
    }
    const isbn = normalizeIsbn(trimmed);
    if (isbn && isbn !== 'invalid') {
      const t = loans.titleByIsbn(sql, isbn);
      if (t) return { action: 'title', titleId: t.id, title: t.title, message: `Mở đầu sách: ${t.title}.` };
      throw new AppError('ISBN_UNKNOWN', `Chưa có đầu sách nào mang ISBN ${isbn}. Hãy biên mục đầu sách này trước.`);
    }
    throw new AppError('SCAN_UNKNOWN', `Không nhận ra mã "${trimmed}": không phải thẻ bạn đọc, mã bản sách hay ISBN.`);
  });
}
