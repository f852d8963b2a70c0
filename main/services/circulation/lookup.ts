import type { LookupResult } from '../../../shared/contract/circulation';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { daysOverdue } from '../../../shared/loan-rules';
import { nfc } from '../../../shared/text';
import { holderOfCopy, titleByIsbn } from '../../db/queries/circulation';
import type { ServiceContext } from '../context';
import { findCopy } from './loans';
import { findReader } from './reader-panel';

/**
 * What a scanned code is, recognised in the same order as the desk's scan (copy, card, ISBN) but
 * read-only: a scan on a screen that takes no codes shows this and writes nothing.
 */
export function lookup(ctx: ServiceContext, code: string): LookupResult {
  const trimmed = nfc(code).replace(/\s+/g, '');
  const sql = ctx.sql;
  const copy = findCopy(ctx, trimmed);
  if (copy) {
    const held = holderOfCopy(sql, copy.id);
    return {
      kind: 'copy',
      copy: { code: copy.code, title: copy.volume ? `${copy.title}, ${copy.volume}` : copy.title, status: copy.status as 'available' },
      loan: held ? {
        readerId: held.readerId, readerName: held.readerName, cardNumber: held.cardNumber, className: held.className, department: held.department,
        dueAt: held.dueAt, overdueDays: held.kind === 'inLibrary' ? 0 : daysOverdue(held.dueAt, todayIso(ctx.now())),
      } : null,
    };
  }
  const reader = findReader(ctx, trimmed);
  if (reader) return { kind: 'reader', readerId: reader.id, fullName: reader.fullName, cardNumber: reader.cardNumber || reader.code };
  const isbn = normalizeIsbn(trimmed);
  if (isbn && isbn !== 'invalid') {
    const t = titleByIsbn(sql, isbn);
    if (t) return { kind: 'title', titleId: t.id, title: t.volume ? `${t.title}, ${t.volume}` : t.title };
    throw new AppError('ISBN_UNKNOWN', `Chưa có đầu sách nào mang ISBN ${isbn}. Hãy biên mục đầu sách này trước.`);
  }
  throw new AppError('SCAN_UNKNOWN', `Không nhận ra mã "${trimmed}": không phải thẻ bạn đọc, mã bản sách hay ISBN.`);
}
