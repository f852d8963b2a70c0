import { addDays, formatDate, todayIso } from '../../../shared/dates';
import { formatNumber } from '../../../shared/numbers';
import { shelfMark } from '../../../shared/shelfmark';
import { vietnameseCollator } from '../../../shared/text';
import type { DigitalAccess } from '../../../shared/contract/digital';
import { activityForms } from '../../../shared/contract/enums';
import {
  filterChoices, newArrivalIds, opacTitle, shelfCounts, upcomingActivities, type ShelfCountRow,
} from '../../db/queries/opac';
import type { Sql } from '../../db/sql';
import { searchTitles } from '../catalogue/search';
import { filesOfTitles } from '../digital/resources';

/**
 * What the school network reads (the OPAC): the desk's own search and ranking, then availability and
 * shelves. Only bibliographic data and counts leave here: no reader, no loan, no due date.
 */

/** A digital resource of a title, as the OPAC lists it: a path on the same listener, the stored type, the size. */
export interface OpacFile { url: string; type: string; size: number }
/**
 * The access levels of the Thư viện số files a visitor may open, passed in as data: `opacFileAccess(staff)`,
 * or none (`[]`: a listener without the Thư viện số). "Tại thư viện" is never offered on the network.
 */
export type OpacFileAccess = readonly DigitalAccess[];
export const NO_FILES: OpacFileAccess = [];

/** Files only (links stay in the desk): "Mọi người" for anyone, "Giáo viên" too for signed-in staff. */
export function opacFileAccess(staff: boolean): OpacFileAccess {
  return staff ? ['public', 'staff'] : ['public'];
}

/** The files of these titles the visitor may open, in one query, as the OPAC links them (`/files/<id>`). */
function filesOf(sql: Sql, titleIds: number[], access: OpacFileAccess): Map<number, OpacFile[]> {
  const out = new Map<number, OpacFile[]>();
  if (access.length === 0 || titleIds.length === 0) return out;
  for (const [id, files] of filesOfTitles(sql, [...new Set(titleIds)], access)) {
    out.set(id, files.map((r) => ({ url: `/files/${r.id}`, type: r.mime, size: r.size })));
  }
  return out;
}

export interface OpacSearchQuery { q: string; seriesId?: number; subject?: string; grade?: number; offset?: number; limit?: number }
export interface OpacHit { id: number; title: string; authors: string; available: number; total: number; shelfMark: string; files: OpacFile[] }
export interface OpacSearchResult { total: number; results: OpacHit[] }

export const OPAC_PAGE = 20;

/** `GET /api/search`: `{ total, results: [{ id, title, authors, available, total, shelfMark, files }] }`, exactly. */
export function opacSearch(sql: Sql, query: OpacSearchQuery, access: OpacFileAccess = NO_FILES): OpacSearchResult {
  const limit = Math.min(Math.max(query.limit ?? OPAC_PAGE, 1), 50);
  const found = searchTitles(sql, { query: query.q.slice(0, 200), seriesId: query.seriesId, limit, offset: Math.max(query.offset ?? 0, 0) },
    { subject: query.subject || undefined, gradeLevel: query.grade || undefined });
  const files = filesOf(sql, found.items.map((h) => h.id), access);
  return {
    total: found.total,
    results: found.items.map((h) => ({
      id: h.id, title: h.title, authors: h.authors, available: h.available, total: h.copies, shelfMark: h.shelfMark,
      files: files.get(h.id) ?? [],
    })),
  };
}

/** "Còn 3/5 bản — Kho STK, kệ 4": copies on the shelf now / copies the library holds, and where the ones on the shelf are. */
export function availabilityText(shelves: Pick<ShelfCountRow, 'location' | 'available' | 'total'>[]): string {
  const total = shelves.reduce((n, s) => n + s.total, 0);
  const available = shelves.reduce((n, s) => n + s.available, 0);
  if (total === 0) return 'Thư viện hiện không còn bản nào của sách này.';
  if (available === 0) return `Đang được mượn hết (0/${formatNumber(total)} bản).`;
  const where = groupShelves(shelves.filter((s) => s.available > 0).map((s) => s.location.trim()).filter(Boolean));
  return `Còn ${formatNumber(available)}/${formatNumber(total)} bản${where.length ? ` — ${where.join('; ')}` : ''}`;
}

const SHELF = /^(.*?)(\s*[–,-]\s*)(kệ|giá|tủ|ngăn)\s+(\S+)$/iu;

/**
 * Shelves of one store named once: "Kho STN – Kệ 2", "Kho STN – Kệ 3" → "Kho STN – Kệ 2, 3" (a phone
 * screen showed seven lines for one book). Locations written otherwise stay as they are, in order.
 */
export function groupShelves(locations: string[]): string[] {
  const groups = new Map<string, { head: string; shelves: string[] }>();
  for (const location of locations) {
    const m = SHELF.exec(location);
    const key = m ? `${m[1]}${m[2]}${m[3]}`.toLowerCase() : `\u0000${location}`;
    const group = groups.get(key) ?? { head: m ? `${m[1]}${m[2]}${m[3]} ` : location, shelves: [] };
    if (m && !group.shelves.includes(m[4])) group.shelves.push(m[4]);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => (g.shelves.length ? g.head + g.shelves.join(', ') : g.head));
}

export interface OpacTitleDetail {
  id: number; title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: number | null; edition: string; pages: number | null; isbn: string | null; language: string; series: string;
  classification: string; shelfMark: string; subject: string; gradeLevel: number | null; summary: string; keywords: string;
  available: number; total: number; availability: string;
  shelves: { location: string; available: number; total: number }[];
  files: OpacFile[];
}

/** The title page: bibliographic data, shelf mark, copies on the shelf now / total and where. */
export function opacTitleDetail(sql: Sql, id: number, access: OpacFileAccess = NO_FILES): OpacTitleDetail | null {
  const t = opacTitle(sql, id);
  if (!t) return null;
  const shelves = shelfCounts(sql, [id]).map((s) => ({ location: s.location, available: s.available, total: s.total }))
    .sort((a, b) => vietnameseCollator.compare(a.location, b.location));
  return {
    id: t.id, title: t.title, subtitle: t.subtitle, volume: t.volume, authors: t.authors, publisher: t.publisher,
    placeOfPublication: t.placeOfPublication, publicationYear: t.publicationYear, edition: t.edition, pages: t.pages, isbn: t.isbn,
    language: t.language, series: t.seriesName, classification: t.classification, shelfMark: shelfMark(t.classification, t.authorMark),
    subject: t.subject, gradeLevel: t.gradeLevel, summary: t.summary, keywords: t.keywords,
    available: shelves.reduce((n, s) => n + s.available, 0), total: shelves.reduce((n, s) => n + s.total, 0),
    availability: availabilityText(shelves), shelves, files: filesOf(sql, [id], access).get(id) ?? [],
  };
}

export interface OpacHome {
  newArrivals: OpacHit[];
  activities: { date: string; dateText: string; name: string; form: string; audience: string }[];
  filters: { series: { id: number; name: string }[]; subjects: string[]; grades: number[] };
}

const formLabels = new Map<string, string>(Object.entries(activityForms));

/** The front page: new arrivals (accessioned in the last 90 days), the reading activities coming up, the filters. */
export function opacHome(sql: Sql, now: Date, access: OpacFileAccess = NO_FILES): OpacHome {
  const today = todayIso(now);
  const ids = newArrivalIds(sql, `${addDays(today, -90)}`, 12);
  const counts = new Map<number, { available: number; total: number }>();
  for (const s of shelfCounts(sql, ids)) {
    const c = counts.get(s.titleId) ?? { available: 0, total: 0 };
    c.available += s.available;
    c.total += s.total;
    counts.set(s.titleId, c);
  }
  const files = filesOf(sql, ids, access);
  const newArrivals = ids.map((id) => opacTitle(sql, id)).filter((t) => !!t).map((t) => ({
    id: t.id, title: t.title, authors: t.authors, available: counts.get(t.id)?.available ?? 0, total: counts.get(t.id)?.total ?? 0,
    shelfMark: shelfMark(t.classification, t.authorMark), files: files.get(t.id) ?? [],
  }));
  const choices = filterChoices(sql);
  return {
    newArrivals,
    activities: upcomingActivities(sql, today, 8).map((a) => ({
      date: a.date, dateText: formatDate(a.date), name: a.name, form: formLabels.get(a.form) ?? '', audience: a.audience,
    })),
    filters: { series: choices.series.map((s) => ({ id: s.id, name: s.name })), subjects: choices.subjects, grades: choices.grades },
  };
}
