import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import { nfc } from '../../../shared/text';

export interface TableRow {
  /** Row number as the user sees it in the file (header = 1). */
  rowNumber: number;
  cells: string[];
}
export interface Table { headers: string[]; rows: TableRow[] }

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: string; hyperlink?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result as ExcelJS.CellValue);
    if (v.text !== undefined) return String(v.text);
    return '';
  }
  return String(value);
}

async function readXlsx(buffer: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('BAD_FILE', 'Không đọc được tệp Excel (.xlsx). Hãy lưu lại tệp bằng Excel rồi thử lại.');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('BAD_FILE', 'Tệp Excel không có trang tính nào.');
  let headers: string[] = [];
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells = values.slice(1).map((v) => nfc(cellText(v)));
    if (headers.length === 0) headers = cells;
    else rows.push({ rowNumber, cells });
  });
  return { headers, rows };
}

function readCsv(buffer: Buffer): Table {
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) {
    throw new AppError('BAD_ENCODING', 'Tệp CSV không phải mã UTF-8. Hãy lưu lại bằng "CSV UTF-8" trong Excel rồi thử lại.');
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const data = parsed.data;
  const headers = (data[0] ?? []).map((h) => nfc(h));
  const rows: TableRow[] = [];
  for (let i = 1; i < data.length; i++) {
    const cells = data[i].map((c) => nfc(c ?? ''));
    if (cells.every((c) => c === '')) continue;
    rows.push({ rowNumber: i + 1, cells });
  }
  return { headers, rows };
}

/** Reads the first sheet of an .xlsx or a .csv (UTF-8, with or without BOM; "," ";" or tab separated). */
export async function readTable(source: string | { fileName: string; content: Buffer }): Promise<Table> {
  const fileName = typeof source === 'string' ? source : source.fileName;
  let content: Buffer;
  if (typeof source === 'string') {
    if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `Không tìm thấy tệp ${source}.`);
    content = fs.readFileSync(source);
  } else content = source.content;
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xlsx') return readXlsx(content);
  if (ext === '.csv' || ext === '.txt') return readCsv(content);
  throw new AppError('BAD_FILE', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
}
