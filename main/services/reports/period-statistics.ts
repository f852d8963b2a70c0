/**
 * Period statistics (`reports.statistics`, the reports and the Excel export): the TT 18/2014 figures of one
 * school year, term or month — unlike stats/collection-counts.ts, which gives whole-library totals right now
 * in the `stats --json` shape scripts read.
 */
import type { Statistics } from '../../../shared/contract/reports';
import { addDays, schoolYearOf, todayIso } from '../../../shared/dates';
import type { Sql } from '../../db/sql';
import {
  activeReaders, activitiesBetween, addedBySeries, inLibraryUsesBetween, collectionByLanguage, collectionByMainClass, collectionBySeries, copySeriesTitles, ddcLabels,
  loansBetween, maxCopyId, overdueByClass, overdueTotals, readerKinds, seriesCodes, titleLabel, titlesInStock, visitsByMonth, withdrawnBySeries,
} from '../../db/queries/reports';
import { searchesPerDay } from '../../db/queries/opac';
import { reservationsPerMonth } from '../../db/queries/reservations';
import { digitalByForm, digitalViewsBetween, digitalViewsByMonth, digitalViewsByResource, titlesWithDigital } from '../../db/queries/digital';
import { getSchool } from '../settings/school';

export interface Period {
  /** Label, e.g. "năm học 2026-2027", "tháng 11/2026". */
  label: string;
  year: string;
  from: string;
  to: string;
}

/** A school year, one of its terms or one of its months, as a date range (1 August – 31 July). */
export function periodOf(year: string, period: 'year' | 'term1' | 'term2' | 'month' = 'year', month?: number): Period {
  const y1 = Number(year.slice(0, 4)), y2 = y1 + 1;
  if (period === 'term1') return { label: `học kỳ I năm học ${year}`, year, from: `${y1}-08-01`, to: `${y1}-12-31` };
  if (period === 'term2') return { label: `học kỳ II năm học ${year}`, year, from: `${y2}-01-01`, to: `${y2}-07-31` };
  if (period === 'month') {
    const m = month ?? 9;
    const y = m >= 8 ? y1 : y2;
    const mm = String(m).padStart(2, '0');
    const last = addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
    return { label: `tháng ${mm}/${y}`, year, from: `${y}-${mm}-01`, to: last };
  }
  return { label: `năm học ${year}`, year, from: `${y1}-08-01`, to: `${y2}-07-31` };
}

export async function defaultYear(sql: Sql, now: Date): Promise<string> {
  const school = getSchool(sql);
  return school.schoolYear || schoolYearOf(todayIso(now));
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (let guard = 0; guard < 36; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

const DDC_FALLBACK: Record<string, string> = {
  '000': 'Tin học, thông tin & tác phẩm tổng quát', '100': 'Triết học & tâm lý học', '200': 'Tôn giáo', '300': 'Khoa học xã hội',
  '400': 'Ngôn ngữ', '500': 'Khoa học tự nhiên & toán học', '600': 'Khoa học ứng dụng', '700': 'Nghệ thuật', '800': 'Văn học', '900': 'Lịch sử & địa lý',
};

/**
 * Loans and lượt đọc tại chỗ by month × reader type × series, most-read titles and most active classes in ONE pass over the
 * period's loans (lean rows, lookups in typed arrays): three GROUP BY joins over half a million loans
 * took three seconds; this takes a fraction.
 */
function loanFigures(sql: Sql, from: string, toNext: string) {
  const maxCopy = maxCopyId(sql);
  const copySeries = new Int32Array(maxCopy + 1), copyTitle = new Int32Array(maxCopy + 1);
  for (const [id, seriesId, titleId] of copySeriesTitles(sql)) {
    copySeries[id] = seriesId;
    copyTitle[id] = titleId;
  }
  const seriesCode = new Map(seriesCodes(sql));
  const readers = new Map<number, { kind: string; cls: string }>();
  for (const [id, kind, cls] of readerKinds(sql)) readers.set(id, { kind, cls });

  const circ = new Map<string, { month: string; readerKind: string; series: string; loans: number; inLibrary: number }>();
  const byTitle = new Map<number, number>();
  const byClass = new Map<string, { loans: number; readers: Set<number> }>();
  const rows = loansBetween(sql, from, toNext);
  for (const [month, kind, readerId, copyId] of rows) {
    const r = readers.get(readerId);
    const series = seriesCode.get(copySeries[copyId]) ?? '';
    const readerKind = r?.kind ?? '';
    const key = `${month}|${readerKind}|${series}`;
    let c = circ.get(key);
    if (!c) circ.set(key, (c = { month, readerKind, series, loans: 0, inLibrary: 0 }));
    if (kind === 'inLibrary') c.inLibrary++;
    else c.loans++;
    if (kind === 'long') continue;
    const t = copyTitle[copyId];
    byTitle.set(t, (byTitle.get(t) ?? 0) + 1);
    if (readerKind === 'student' && r!.cls) {
      let k = byClass.get(r!.cls);
      if (!k) byClass.set(r!.cls, (k = { loans: 0, readers: new Set() }));
      k.loans++;
      k.readers.add(readerId);
    }
  }
  // Lượt đọc tại chỗ: copies read in the library ("Ghi lượt đọc" scans), beside the in-library loans; a use
  // recorded with no reader open has reader kind '' (docs/domain.md, "Which loans count where").
  for (const [month, readerId, copyId] of inLibraryUsesBetween(sql, from, toNext)) {
    const readerKind = readerId === null ? '' : readers.get(readerId)?.kind ?? '';
    const series = seriesCode.get(copySeries[copyId]) ?? '';
    const key = `${month}|${readerKind}|${series}`;
    let c = circ.get(key);
    if (!c) circ.set(key, (c = { month, readerKind, series, loans: 0, inLibrary: 0 }));
    c.inLibrary++;
  }
  const circulation = [...circ.values()].sort((a, b) => a.month.localeCompare(b.month) || a.readerKind.localeCompare(b.readerKind) || a.series.localeCompare(b.series));
  const top = [...byTitle.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10);
  const topTitles = top.map(([titleId, loans]) => ({ titleId, loans, ...titleLabel(sql, titleId) }));
  const topClasses = [...byClass.entries()].map(([className, v]) => ({ className, loans: v.loans, readers: v.readers.size }))
    .sort((a, b) => b.loans - a.loans || a.className.localeCompare(b.className)).slice(0, 10);
  return { circulation, topTitles, topClasses };
}

/** Digital resources held now (by form) and their views in the period's months. */
function digitalFigures(sql: Sql, from: string, to: string): Statistics['digital'] {
  const fromMonth = from.slice(0, 7), toMonth = to.slice(0, 7);
  const byForm = digitalByForm(sql, fromMonth, toMonth);
  const sum = (f: (x: (typeof byForm)[number]) => number) => byForm.reduce((a, x) => a + Number(f(x)), 0);
  const files = sum((f) => f.files);
  return {
    resources: sum((f) => f.resources), titles: titlesWithDigital(sql), files, links: sum((f) => f.resources) - files, bytes: sum((f) => f.bytes),
    // Every view of the period, those of resources removed since included (byForm counts the present ones).
    views: digitalViewsBetween(sql, fromMonth, toMonth),
    byForm: byForm.map(({ form, resources, bytes, views }) => ({ form, resources, bytes, views })),
    viewsByMonth: digitalViewsByMonth(sql, fromMonth, toMonth),
    topResources: digitalViewsByResource(sql, fromMonth, toMonth, 10).map((r) => ({
      id: r.id, name: r.name ?? 'Tài liệu đã gỡ', title: r.title ?? '', form: r.form ?? '', views: r.views,
    })),
  };
}

/** OPAC searches in the period, per month (counted per day by the OPAC listener). */
function opacSearchFigures(sql: Sql, from: string, to: string): Statistics['opacSearches'] {
  const byMonth = new Map<string, number>();
  for (const d of searchesPerDay(sql, from, to)) byMonth.set(d.day.slice(0, 7), (byMonth.get(d.day.slice(0, 7)) ?? 0) + d.searches);
  return {
    total: [...byMonth.values()].reduce((a, n) => a + n, 0),
    byMonth: [...byMonth.entries()].map(([month, searches]) => ({ month, searches })),
  };
}

/** Reservations placed and fulfilled in the period, per month of the period (months with neither left out). */
function reservationFigures(sql: Sql, from: string, toNext: string, months: string[]): Statistics['reservations'] {
  const { placed, fulfilled } = reservationsPerMonth(sql, from, toNext);
  const byMonth = months
    .map((month) => ({ month, placed: placed.get(month) ?? 0, fulfilled: fulfilled.get(month) ?? 0 }))
    .filter((m) => m.placed || m.fulfilled);
  return { placed: byMonth.reduce((a, m) => a + m.placed, 0), fulfilled: byMonth.reduce((a, m) => a + m.fulfilled, 0), byMonth };
}

/** The figures TT 18/2014 asks for, over a period, straight from the tables. */
export function computeStatistics(sql: Sql, p: Period, today: string): Statistics {
  const from = p.from, toNext = addDays(p.to, 1);
  const { circulation, topTitles, topClasses } = loanFigures(sql, from, toNext);
  const visits = visitsByMonth(sql, from, toNext);
  const bySeries = collectionBySeries(sql);
  const labels = new Map(ddcLabels(sql).map((r) => [r.code, r.label]));
  const byClass = collectionByMainClass(sql)
    .map((r) => ({ code: r.code || '—', label: r.code ? labels.get(r.code) ?? DDC_FALLBACK[r.code] ?? r.code : 'Chưa phân loại', copies: r.copies }));
  const byLanguage = collectionByLanguage(sql);
  const added = addedBySeries(sql, p.from, p.to);
  const withdrawn = withdrawnBySeries(sql, p.from, p.to);
  const overdue = overdueTotals(sql, today);
  const overdueClasses = overdueByClass(sql, today);
  const readers = activeReaders(sql, p.year);
  const activities = activitiesBetween(sql, p.from, p.to);
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + Number(f(x)), 0);
  return {
    year: p.year, from: p.from, to: p.to, months: monthsBetween(p.from, p.to),
    circulation, visits, topTitles, topClasses, collectionBySeries: bySeries, collectionByClass: byClass, collectionByLanguage: byLanguage, added, withdrawn,
    overdue: { loans: overdue.loans, readers: overdue.readers, byClass: overdueClasses },
    readers,
    digital: digitalFigures(sql, p.from, p.to),
    opacSearches: opacSearchFigures(sql, p.from, p.to),
    reservations: reservationFigures(sql, from, toNext, monthsBetween(p.from, p.to)),
    totals: {
      loans: sum(circulation, (c) => c.loans), inLibrary: sum(circulation, (c) => c.inLibrary), visits: sum(visits, (v) => v.visits),
      added: sum(added, (a) => a.copies), withdrawn: sum(withdrawn, (w) => w.copies), activities,
      copiesInStock: sum(bySeries, (s) => s.copies),
      titles: titlesInStock(sql),
    },
  };
}

export async function statistics(sql: Sql, now: Date, year?: string, period: 'year' | 'term1' | 'term2' | 'month' = 'year', month?: number): Promise<Statistics> {
  const y = year ?? (await defaultYear(sql, now));
  return computeStatistics(sql, periodOf(y, period, month), todayIso(now));
}
