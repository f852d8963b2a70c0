import { inStockSql } from '../../../shared/stock';
import path from 'node:path';
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { splitCode } from '../../../shared/accession';
import type { CopySelection, LabelCopy, ReaderSelection } from '../../../shared/contract/labels';
import { AppError } from '../../../shared/errors';
import { defaultAuthorMark } from '../../../shared/shelfmark';
import { compareVi, nfc } from '../../../shared/text';
import { rawConnection } from '../../db/data-source';
import type { CardReader } from '../../pdf/cards';

interface CopyRow {
  id: number; accessionCode: string; barcode: string; labelPrintedAt: string | null; title: string; volume: string; authors: string;
  classification: string; authorMark: string; series: string; seriesId: number; accessionNumber: number; status: string;
}

const COPY_SQL = `SELECT c.id, c.accession_code AS accessionCode, c.barcode, c.label_printed_at AS labelPrintedAt, c.status,
  c.series_id AS seriesId, c.accession_number AS accessionNumber,
  t.title, t.volume, t.authors, t.classification, t.author_mark AS authorMark, s.code AS series
  FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id`;
const ORDER = ' ORDER BY s.sort_order, s.id, c.accession_number';

function toLabelCopy(r: CopyRow): LabelCopy {
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
export function selectCopies(db: DataSource, selection: CopySelection, series?: string): LabelCopy[] {
  const raw = rawConnection(db);
  const where: string[] = [];
  const params: unknown[] = [];
  if (series) {
    const found = raw.prepare('SELECT id FROM collection_series WHERE code = ?').get(series) as { id: number } | undefined;
    if (!found) throw new AppError('SERIES_NOT_FOUND', `Không có loại tài liệu mã ${series}.`);
    where.push('c.series_id = ?');
    params.push(found.id);
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
    const byCode = new Map<string, CopyRow>();
    const stmt = raw.prepare(`${COPY_SQL} WHERE (c.barcode = ? OR c.accession_code = ?)${where.length ? ' AND ' + where.join(' AND ') : ''}`);
    const missing: string[] = [];
    for (const code of wanted) {
      const row = stmt.get(code, code, ...params) as CopyRow | undefined;
      if (row) byCode.set(code, row);
      else missing.push(code);
    }
    if (missing.length) {
      throw new AppError('COPY_NOT_FOUND', `Không tìm thấy ${missing.length} bản sách: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`, missing);
    }
    const ids = new Set<number>();
    return wanted.map((c) => byCode.get(c)!).filter((r) => !ids.has(r.id) && ids.add(r.id)).map(toLabelCopy);
  }
  where.push(inStockSql('c.status'));
  switch (selection.by) {
    case 'all':
      break;
    case 'unlabelled':
      where.push('c.label_printed_at IS NULL');
      break;
    case 'batch':
      where.push('c.batch_id = ?');
      params.push(selection.batchId);
      break;
    case 'title':
      where.push('c.title_id = ?');
      params.push(selection.titleId);
      break;
    case 'range': {
      const a = splitCode(selection.from);
      const b = /^\d+$/.test(selection.to.trim()) && a ? { head: a.head, number: Number(selection.to.trim()), width: 0 } : splitCode(selection.to);
      if (!a || !b) throw new AppError('RANGE_INVALID', 'Khoảng số ĐKCB không hợp lệ; ví dụ STK000120 đến STK000180.');
      if (a.head !== b.head) throw new AppError('RANGE_INVALID', 'Số ĐKCB đầu và cuối phải cùng một loại (cùng tiền tố).');
      if (b.number < a.number) throw new AppError('RANGE_INVALID', 'Số ĐKCB cuối phải lớn hơn hoặc bằng số đầu.');
      const s = (raw.prepare("SELECT id, prefix, separator FROM collection_series").all() as { id: number; prefix: string; separator: string }[])
        .find((x) => `${x.prefix}${x.separator}`.toUpperCase() === a.head);
      if (!s) throw new AppError('RANGE_INVALID', `Không có loại tài liệu nào có tiền tố ${a.head}.`);
      where.push('c.series_id = ? AND c.accession_number BETWEEN ? AND ?');
      params.push(s.id, a.number, b.number);
      break;
    }
  }
  const rows = raw.prepare(`${COPY_SQL} WHERE ${where.join(' AND ')}${ORDER}`).all(...params) as CopyRow[];
  return rows.map(toLabelCopy);
}

/** Records the copies as labelled, in one transaction. */
export function markLabelled(db: DataSource, ids: readonly number[], at: Date): void {
  const raw = rawConnection(db);
  const stmt = raw.prepare('UPDATE copy SET label_printed_at = ? WHERE id = ?');
  const stamp = at.toISOString();
  raw.transaction(() => {
    for (const id of ids) stmt.run(stamp, id);
  })();
}

interface ReaderRow {
  cardNumber: string; code: string; fullName: string; kind: string; className: string; department: string; schoolYear: string; photo: string | null;
}

function givenName(full: string): string {
  const parts = full.trim().split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/** Readers for cards: students by class then by given name (Vietnamese class-list order), then staff. */
export function selectReaders(db: DataSource, dataDir: string, selection: ReaderSelection, currentYear: string): CardReader[] {
  const raw = rawConnection(db);
  const sql = `SELECT card_number AS cardNumber, code, full_name AS fullName, kind, class_name AS className, department,
    school_year AS schoolYear, photo FROM reader`;
  let rows: ReaderRow[];
  if (selection.by === 'list') {
    const stmt = raw.prepare(`${sql} WHERE card_number = ? OR code = ?`);
    const missing: string[] = [];
    const seen = new Set<string>();
    rows = [];
    for (const c of selection.cardNumbers.map((x) => nfc(x).toUpperCase()).filter(Boolean)) {
      const row = stmt.get(c, c) as ReaderRow | undefined;
      if (!row) missing.push(c);
      else if (!seen.has(row.cardNumber)) {
        seen.add(row.cardNumber);
        rows.push(row);
      }
    }
    if (missing.length) throw new AppError('READER_NOT_FOUND', `Không tìm thấy bạn đọc: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`, missing);
    return rows.map((r) => toCardReader(r, dataDir));
  }
  if (selection.by === 'class') rows = raw.prepare(`${sql} WHERE active = 1 AND class_name = ?`).all(selection.className) as ReaderRow[];
  else if (selection.by === 'newThisYear') rows = raw.prepare(`${sql} WHERE active = 1 AND first_school_year = ?`).all(currentYear) as ReaderRow[];
  else rows = raw.prepare(`${sql} WHERE active = 1`).all() as ReaderRow[];
  rows.sort((a, b) => {
    const ka = a.kind === 'student' ? 0 : 1;
    const kb = b.kind === 'student' ? 0 : 1;
    return ka - kb || compareVi(a.className, b.className) || compareVi(a.department, b.department)
      || compareVi(givenName(a.fullName), givenName(b.fullName)) || compareVi(a.fullName, b.fullName) || a.code.localeCompare(b.code);
  });
  return rows.map((r) => toCardReader(r, dataDir));
}

function toCardReader(r: ReaderRow, dataDir: string): CardReader {
  let photoFile: string | null = null;
  if (r.photo) {
    const p = path.join(dataDir, 'photos', path.basename(r.photo));
    if (fs.existsSync(p)) photoFile = p;
  }
  return { cardNumber: r.cardNumber, fullName: r.fullName, kind: r.kind, className: r.className, department: r.department, schoolYear: r.schoolYear, photoFile };
}

export function cardClasses(db: DataSource): { className: string; count: number }[] {
  const rows = rawConnection(db).prepare(`SELECT class_name AS className, COUNT(*) AS count FROM reader
    WHERE active = 1 AND kind = 'student' AND class_name <> '' GROUP BY class_name`).all() as { className: string; count: number }[];
  return rows.sort((a, b) => compareVi(a.className, b.className));
}
