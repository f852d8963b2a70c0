import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { BEFORE_ACCOUNTS, roleLabel } from '../../../shared/accounts';
import { auditKindEntities, type AuditEntry, type auditFilter } from '../../../shared/contract/audit';
import type { FileResult } from '../../../shared/contract/define';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { auditAccounts, auditCount, auditRows, readerIdByCode, type AuditQuery, type AuditRow } from '../../db/queries/audit';
import type { Sql } from '../../db/sql';
import { exportsDirIn } from '../../paths';
import type { JobHandle, ServiceContext } from '../context';
import { auditKindLabel, describeAudit } from './describe';

type Filter = z.output<typeof auditFilter>;

const pad = (v: number) => String(v).padStart(2, '0');

/** An ISO timestamp as dd/mm/yyyy HH:mm in the library computer's local time. */
export function formatAuditTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return `${pad(t.getDate())}/${pad(t.getMonth() + 1)}/${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The local day's start as the stored (UTC ISO) form. */
const localDayStart = (iso: string) => new Date(`${iso}T00:00:00`).toISOString();
const nextLocalDayStart = (iso: string) => {
  const d = new Date(`${iso}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
};

/** The screen's filters in stored form; an unknown reader code is a Vietnamese error. */
function toQuery(sql: Sql, f: Filter): AuditQuery {
  let readerId: number | null = null;
  if (f.reader) {
    readerId = readerIdByCode(sql, f.reader) ?? null;
    if (readerId === null) throw new AppError('READER_NOT_FOUND', `Không có bạn đọc nào có mã hoặc số thẻ "${f.reader}".`);
  }
  return {
    from: f.from ? localDayStart(f.from) : null,
    to: f.to ? nextLocalDayStart(f.to) : null,
    entities: f.kind ? JSON.stringify(auditKindEntities[f.kind]) : null,
    copy: f.copy ? f.copy.toUpperCase() : null,
    readerId,
    accountId: f.accountId ?? null,
  };
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: r.at, when: formatAuditTime(r.at), who: r.actor || BEFORE_ACCOUNTS, accountId: r.accountId ?? null, kind: auditKindLabel(r.entity),
    what: describeAudit(r.action, r.entity, r.details, { name: r.readerName, card: r.readerCard }), copyCode: r.copyCode ?? null, readerName: r.readerName ?? null,
  };
}

/** One page of the Nhật ký, newest first, with the number of rows matching the filters. */
export function listAudit(ctx: ServiceContext, filter: Filter, offset: number, limit: number): { rows: AuditEntry[]; total: number } {
  const sql = ctx.sql;
  const query = toQuery(sql, filter);
  return { rows: auditRows(sql, query, offset, limit).map(toEntry), total: auditCount(sql, query) };
}

/** Every matching row to an .xlsx in the exports folder: Thời gian (a real date-time), Người, Loại, Nội dung, ĐKCB, Bạn đọc. */
export async function exportAuditXlsx(ctx: ServiceContext, filter: Filter, job?: JobHandle, output?: string): Promise<FileResult & { count: number }> {
  const sql = ctx.sql;
  const rows = auditRows(sql, toQuery(sql, filter), 0, -1);
  const file = output ? path.resolve(output) : path.join(exportsDirIn(ctx.dataDir), `nhat-ky-${todayIso(ctx.now())}.xlsx`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kệ Sách';
  const ws = wb.addWorksheet('Nhật ký', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Thời gian', width: 18 }, { header: 'Người thực hiện', width: 16 }, { header: 'Loại thay đổi', width: 20 },
    { header: 'Nội dung', width: 70 }, { header: 'Số ĐKCB', width: 14 }, { header: 'Bạn đọc', width: 26 },
  ];
  ws.getColumn(1).numFmt = 'dd/mm/yyyy hh:mm';
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) => {
    const e = toEntry(r);
    const t = new Date(r.at);
    // Excel has no time zone: the cell holds the local wall-clock time the screen shows.
    const local = new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds()));
    ws.addRow([local, e.who, e.kind, e.what, e.copyCode ?? '', e.readerName ?? '']);
    if (i % 500 === 0) job?.progress(i, rows.length);
  });
  await wb.xlsx.writeFile(file);
  job?.progress(rows.length, rows.length);
  return { fileName: path.basename(file), path: file, bytes: fs.statSync(file).size, count: rows.length };
}

/** Who appears in the log, by name and role (every role that reads Nhật ký filters by person; cards stay hidden). */
export function auditPeople(ctx: ServiceContext): { rows: { id: number; name: string; roleLabel: string; disabled: boolean }[] } {
  return { rows: auditAccounts(ctx.sql).map((a) => ({ id: a.id, name: a.name, roleLabel: roleLabel(a.role), disabled: !!a.disabled })) };
}
