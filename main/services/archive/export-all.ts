import fs from 'node:fs';
import path from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { formatDate, todayIso } from '../../../shared/dates';
import type { FileResult } from '../../../shared/contract/define';
import { formatAmount } from '../../../shared/number-words';
import { exportableTables, tableColumns, tableForeignKeys, tableRowCount, tableRows, type ForeignKey, type TableColumn } from '../../db/queries/archive';
import { transaction } from '../../db/sql';
import { exportsDirIn } from '../../paths';
import type { JobHandle, ServiceContext } from '../context';
import { csvLine, UTF8_BOM } from './csv';
import { SECRET_COLUMNS, TABLE_DESCRIPTIONS } from './tables';

interface TableInfo { name: string; columns: TableColumn[]; foreignKeys: ForeignKey[]; rows: number }

const FLUSH_CHARS = 1 << 20;

function readme(tables: TableInfo[], at: Date): string {
  const lines = [
    'KỆ SÁCH — TOÀN BỘ DỮ LIỆU THƯ VIỆN',
    '',
    `Xuất lúc ${formatDate(todayIso(at))}. Mỗi bảng của cơ sở dữ liệu là một tệp .csv trong tệp nén này:`,
    '- mã UTF-8 có BOM (Excel mở đúng tiếng Việt), các cột cách nhau bằng dấu phẩy, dòng đầu là tên cột;',
    '- ô có dấu phẩy, dấu ngoặc kép hay xuống dòng được đặt trong ngoặc kép, dấu ngoặc kép bên trong viết đôi (RFC 4180);',
    '- ô trống là không có giá trị; ngày viết dạng năm-tháng-ngày (2026-11-30), thời điểm theo ISO 8601 giờ UTC;',
    '- tiền là số đồng, không có dấu phân cách; cột "details", "evidence"… chứa JSON;',
    '- cột "id" là mã dòng; cột kết thúc bằng "_id" trỏ tới cột "id" của bảng khác (ghi ở "tham chiếu").',
    'Không xuất: bảng nội bộ của SQLite, chỉ mục tìm kiếm toàn văn (tạo lại được từ bảng "title") và mã băm PIN tra cứu.',
    '',
    `Gồm ${tables.length} bảng, ${formatAmount(tables.reduce((s, t) => s + t.rows, 0))} dòng.`,
    '',
  ];
  for (const t of tables) {
    lines.push(`${t.name}.csv — ${formatAmount(t.rows)} dòng`);
    lines.push(`  ${TABLE_DESCRIPTIONS[t.name] ?? 'Bảng mới (chưa có mô tả).'}`);
    for (const c of t.columns) {
      const notes = [c.type ? `kiểu ${c.type.toLowerCase()}` : 'không định kiểu'];
      if (c.primaryKey) notes.push('khóa chính');
      if (c.notNull && !c.primaryKey) notes.push('bắt buộc');
      const fk = t.foreignKeys.find((f) => f.from === c.name);
      if (fk) notes.push(`tham chiếu ${fk.table}.${fk.to ?? 'id'}`);
      lines.push(`    - ${c.name}: ${notes.join(', ')}`);
    }
    lines.push('');
  }
  return lines.join('\r\n');
}

/**
 * Writes every table (from sqlite_master, so new tables are included) as CSV into one zip with a
 * README.txt. All rows are read in one read transaction, so the export is one consistent moment
 * even while the desk keeps lending; the zip is written beside and renamed, never left half-written.
 */
export async function exportAll(ctx: ServiceContext, output?: string, job?: JobHandle): Promise<FileResult & { tables: number; rows: number }> {
  const file = output ? path.resolve(output) : path.join(exportsDirIn(ctx.dataDir), `du-lieu-ke-sach-${todayIso(ctx.now())}.zip`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sql = ctx.sql;
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  const encoder = new TextEncoder();

  const tables = transaction(sql, () => {
    const infos: TableInfo[] = exportableTables(sql).map((name) => ({
      name, columns: tableColumns(sql, name).filter((c) => !SECRET_COLUMNS[name]?.includes(c.name)), foreignKeys: tableForeignKeys(sql, name), rows: tableRowCount(sql, name),
    }));
    const total = infos.reduce((s, t) => s + t.rows, 0);
    const notice = new ZipPassThrough('README.txt');
    zip.add(notice);
    notice.push(encoder.encode(UTF8_BOM + readme(infos, ctx.now())), true);
    let done = 0;
    for (const t of infos) {
      const entry = new ZipDeflate(`${t.name}.csv`, { level: 6 });
      zip.add(entry);
      const names = t.columns.map((c) => c.name);
      let buffer = UTF8_BOM + csvLine(names);
      for (const row of tableRows(sql, t.name, names)) {
        buffer += csvLine(row);
        if (buffer.length >= FLUSH_CHARS) {
          entry.push(encoder.encode(buffer));
          buffer = '';
        }
        if (++done % 5000 === 0) job?.progress(done, total, t.name);
      }
      entry.push(encoder.encode(buffer), true);
    }
    return infos;
  }, { readOnly: true });
  zip.end();
  if (failure) throw failure;

  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const chunk of chunks) fs.writeSync(fd, chunk);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const rows = tables.reduce((s, t) => s + t.rows, 0);
  job?.progress(rows, rows);
  return { fileName: path.basename(file), path: file, bytes: fs.statSync(file).size, tables: tables.length, rows };
}
