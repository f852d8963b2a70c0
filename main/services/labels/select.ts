import path from 'node:path';
import fs from 'node:fs';
import { compactRanges, splitCode } from '../../../shared/accession';
import type { CopySelection, LabelCopy, ReaderSelection } from '../../../shared/contract/labels';
import { AppError } from '../../../shared/errors';
import { defaultAuthorMark } from '../../../shared/shelfmark';
import { compareVi, nfc } from '../../../shared/text';
import { activeCardReaders, cardReaderByCode, labelCopies, labelCopyByCode, markCopiesLabelled, seriesIdByCode, seriesPrefixes, studentClassCounts,
  type CardReaderRow, type LabelCopyRow } from '../../db/queries/labels';
import { writeAudit } from '../../db/queries/audit';
import { transaction, type Sql } from '../../db/sql';
import type { CardReader } from '../../pdf/cards';

function toLabelCopy(r: LabelCopyRow): LabelCopy {
  const title = r.volume ? `${r.title} (${r.volume})` : r.title;
  return {
    id: r.id, accessionCode: r.accessionCode, barcode: r.barcode, labelPrintedAt: r.labelPrintedAt, title,
    classification: r.classification, authorMark: r.authorMark || defaultAuthorMark(r.authors, r.title), series: r.series,
  };
}

/**
 * The copies a selection covers, in shelf order (series, then ĐKCB), except a scanned list which keeps
 * the scanning order. Withdrawn and lost copies are left out unless scanned explicitly.
 */
export function selectCopies(sql: Sql, selection: CopySelection, series?: string): LabelCopy[] {
  let seriesId: number | null = null;
  if (series) {
    const found = seriesIdByCode(sql, series);
    if (found === undefined) throw new AppError('SERIES_NOT_FOUND', `Không có loại tài liệu mã ${series}.`);
    seriesId = found;
  }
  if (selection.by === 'list') {
    const wanted: string[] = [];
    const seen = new Set<string>();
    for (const c of selection.codes.map((x) => nfc(x).toUpperCase()).filter(Boolean)) {
      if (!seen.has(c)) {
        seen.add(c);
        wanted.push(c);
      }
    }
    // Codes are stored in capitals (IME-safe); exact matches use the unique indexes.
    const byCode = new Map<string, LabelCopyRow>();
    const missing: string[] = [];
    for (const code of wanted) {
      const row = labelCopyByCode(sql, code, seriesId);
      if (row) byCode.set(code, row);
      else missing.push(code);
    }
    if (missing.length) {
      throw new AppError('COPY_NOT_FOUND', `Không tìm thấy ${missing.length} bản sách: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`, missing);
    }
    const ids = new Set<number>();
    return wanted.map((c) => byCode.get(c)!).filter((r) => !ids.has(r.id) && ids.add(r.id)).map(toLabelCopy);
  }
  switch (selection.by) {
    case 'all':
    case 'unlabelled':
      return labelCopies(sql, { by: selection.by, seriesId }).map(toLabelCopy);
    case 'batch':
      return labelCopies(sql, { by: 'batch', batchId: selection.batchId, seriesId }).map(toLabelCopy);
    case 'title':
      return labelCopies(sql, { by: 'title', titleId: selection.titleId, seriesId }).map(toLabelCopy);
    case 'range': {
      const a = splitCode(selection.from);
      const b = /^\d+$/.test(selection.to.trim()) && a ? { head: a.head, number: Number(selection.to.trim()), width: 0 } : splitCode(selection.to);
      if (!a || !b) throw new AppError('RANGE_INVALID', 'Khoảng số ĐKCB không hợp lệ; ví dụ STK000120 đến STK000180.');
      if (a.head !== b.head) throw new AppError('RANGE_INVALID', 'Số ĐKCB đầu và cuối phải cùng một loại (cùng tiền tố).');
      if (b.number < a.number) throw new AppError('RANGE_INVALID', 'Số ĐKCB cuối phải lớn hơn hoặc bằng số đầu.');
      const s = seriesPrefixes(sql).find((x) => `${x.prefix}${x.separator}`.toUpperCase() === a.head);
      if (!s) throw new AppError('RANGE_INVALID', `Không có loại tài liệu nào có tiền tố ${a.head}.`);
      return labelCopies(sql, { by: 'range', rangeSeriesId: s.id, from: a.number, to: b.number, seriesId }).map(toLabelCopy);
    }
  }
}

/** Records the copies as labelled, with one audit row naming them by ĐKCB range, in one transaction. */
export function markLabelled(sql: Sql, copies: readonly { id: number; accessionCode: string }[], at: Date): void {
  if (!copies.length) return;
  transaction(sql, () => {
    markCopiesLabelled(sql, copies.map((c) => c.id), at.toISOString());
    writeAudit(sql, { action: 'labels.printed', entity: 'copy', at, details: { copies: copies.length, ranges: compactRanges(copies.map((c) => c.accessionCode)) } });
  });
}

function givenName(full: string): string {
  const parts = full.trim().split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/** Readers for cards: students by class then by given name (Vietnamese class-list order), then staff. */
export function selectReaders(sql: Sql, dataDir: string, selection: ReaderSelection, currentYear: string): CardReader[] {
  let rows: CardReaderRow[];
  if (selection.by === 'list') {
    const missing: string[] = [];
    const seen = new Set<string>();
    rows = [];
    for (const c of selection.cardNumbers.map((x) => nfc(x).toUpperCase()).filter(Boolean)) {
      const row = cardReaderByCode(sql, c);
      if (!row) missing.push(c);
      else if (!seen.has(row.cardNumber)) {
        seen.add(row.cardNumber);
        rows.push(row);
      }
    }
    if (missing.length) throw new AppError('READER_NOT_FOUND', `Không tìm thấy bạn đọc: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`, missing);
    return rows.map((r) => toCardReader(r, dataDir));
  }
  if (selection.by === 'class') rows = activeCardReaders(sql, { className: selection.className });
  else if (selection.by === 'newThisYear') rows = activeCardReaders(sql, { firstYear: currentYear });
  else rows = activeCardReaders(sql);
  rows.sort((a, b) => {
    const ka = a.kind === 'student' ? 0 : 1;
    const kb = b.kind === 'student' ? 0 : 1;
    return ka - kb || compareVi(a.className, b.className) || compareVi(a.department, b.department)
      || compareVi(givenName(a.fullName), givenName(b.fullName)) || compareVi(a.fullName, b.fullName) || a.code.localeCompare(b.code);
  });
  return rows.map((r) => toCardReader(r, dataDir));
}

function toCardReader(r: CardReaderRow, dataDir: string): CardReader {
  let photoFile: string | null = null;
  if (r.photo) {
    const p = path.join(dataDir, 'photos', path.basename(r.photo));
    if (fs.existsSync(p)) photoFile = p;
  }
  return { cardNumber: r.cardNumber, fullName: r.fullName, kind: r.kind, className: r.className, department: r.department, schoolYear: r.schoolYear, photoFile };
}

export function cardClasses(sql: Sql): { className: string; count: number }[] {
  return studentClassCounts(sql).sort((a, b) => compareVi(a.className, b.className));
}
