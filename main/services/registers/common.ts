import path from 'node:path';
import type { FileResult } from '../../../shared/contract/define';
import type { SchoolInfo } from '../../../shared/contract/settings';
import { formatDate, schoolYearOf, schoolYearRange, todayIso, type DateStyle } from '../../../shared/dates';
import type { Sql } from '../../db/sql';
import { seriesNameOf } from '../../db/queries/registers';
import { exportFileName } from '../../pdf/document';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';

/** What every register builder needs: the database handle, the school, date style, output file. */
export interface RegisterEnv {
  ctx: ServiceContext;
  sql: Sql;
  school: SchoolInfo;
  dateStyle: DateStyle;
  fmt: (iso: string | null | undefined) => string;
  today: string;
  out: string;
}

export async function registerEnv(ctx: ServiceContext, base: string, dateStyle: DateStyle | undefined, out?: string): Promise<RegisterEnv> {
  const school = getSchool(ctx.sql);
  const style = dateStyle ?? school.dateStyle;
  return {
    ctx,
    sql: ctx.sql,
    school,
    dateStyle: style,
    fmt: (iso) => formatDate(iso, style),
    today: todayIso(ctx.now()),
    out: out ? path.resolve(out) : path.join(exportsDirIn(ctx.dataDir), exportFileName(base, 'pdf', ctx.now())),
  };
}

/** A school year as a date range: 1 August to 31 July (as schoolYearOf counts them). */
export const yearRange = schoolYearRange;

export function currentYear(env: { today: string; school: SchoolInfo }): string {
  return env.school.schoolYear || schoolYearOf(env.today);
}

/** The school years ending with `year`, oldest first. */
export function lastYears(year: string, n: number): string[] {
  const end = Number(year.slice(0, 4));
  return Array.from({ length: n }, (_, i) => `${end - n + 1 + i}-${end - n + 2 + i}`);
}

export function fileResultOf(r: { path: string; bytes: number; pages: number }): FileResult {
  return { fileName: path.basename(r.path), path: r.path, pages: r.pages, bytes: r.bytes };
}

/** "SGK000001–SGK000040; SGK000045" from codes sorted by number (consecutive numbers collapse). */
export function codeRanges(items: { code: string; n: number }[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < items.length) {
    let j = i;
    while (j + 1 < items.length && items[j + 1].n === items[j].n + 1) j++;
    parts.push(j > i ? `${items[i].code}–${items[j].code}` : items[i].code);
    i = j + 1;
  }
  return parts.join('; ');
}

export { SOURCE_LABELS } from '../../../shared/contract/accession';

export { REASON_LABELS } from '../../../shared/contract/enums';

export function seriesName(sql: Sql, code: string | undefined): string {
  if (!code) return 'Tất cả các loại';
  return seriesNameOf(sql, code) ?? code;
}
