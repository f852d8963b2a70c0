import path from 'node:path';
import { compactRanges, splitCode } from '../../../shared/accession';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { parseDong } from '../../../shared/numbers';
import { cleanText, fold } from '../../../shared/text';
import { numberTaken } from '../../db/queries/accession';
import { writeAudit } from '../../db/queries/audit';
import { titleById } from '../../db/queries/catalogue';
import { copyWithCode, finishImportedCopy } from '../../db/queries/catalogue-marc';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { confirmBatchSync, insertDraftBatchSync, loadSeries, type SeriesRow } from '../accession/numbering';
import { rowsRefused, type ImportRowError } from './import';
import { fieldsOf, first, readMarcFile, subfieldValues, type MarcFormat, type MarcRecord } from './marc-codec';
import { LANGUAGES_FROM_MARC } from './marc-fields';
import { createTitle, findDuplicates, normaliseTitle, type TitleFields } from './titles';

/**
 * MARC 21 import (ISO 2709 or MARCXML, as Kệ Sách, Koha, SLiMS and Libol write them), with the catalogue
 * import's rule: the whole file or nothing. Titles are matched on ISBN, then on the folded title, volume,
 * authors and year (`findDuplicates`, the catalogue's own duplicate rule); a matched title keeps its
 * fields and gets the record's new copies. Copies: 852 (ours, SLiMS, Libol: $p barcode, $j ĐKCB, $c
 * kho/kệ, $z "Mất") or Koha's 952 ($p barcode, $c shelving location, $1 lost, $0 withdrawn, $g price,
 * $y item type). ĐKCB numbering follows docs/domain.md, "Số ĐKCB (accession numbers)": a code with the series' prefix and
 * separator that is free is kept; any other barcode (Koha's "0001234") stays the copy's barcode and the
 * copy gets the next ĐKCB of its series; a code shaped like another series' ĐKCB is refused.
 */

export interface MarcImportOptions {
  dryRun?: boolean;
  /** The file's bytes (an upload, or read by the CLI). */
  content: Buffer;
  /** Series for records that name none (STK by default). */
  defaultSeries?: string;
  /** Ngày vào sổ of the phiếu nhập (today by default). */
  date?: string;
}

export interface MarcImportPreviewRow {
  record: number; title: string; authors: string; isbn: string; series: string;
  /** New title, or the catalogue title it was matched to. */
  match: 'new' | 'isbn' | 'title'; matchedTitle: string;
  copies: number; kept: number; numbered: number; already: number; lost: number;
}

export interface MarcImportResult {
  format: MarcFormat; records: number; titles: number; matched: number; copies: number; keptCodes: number; newCodes: number;
  already: number; withdrawnSkipped: number; lost: number; dryRun: boolean;
  batch: { registerNumber: number; copies: number; codeRanges: string } | null;
  preview: MarcImportPreviewRow[];
}

interface Holding { code: string; barcode: string; location: string; lost: boolean; price: number | null }
interface PlannedCopy extends Holding { kept: boolean }
interface Planned {
  record: number; fields: TitleFields; series: SeriesRow; matchId: number | null; match: MarcImportPreviewRow['match']; matchedTitle: string;
  copies: PlannedCopy[]; already: number;
}

/** ISBD punctuation that AACR2 records end a subfield with (" /", " :", " ;", ",", "="; a final "." too). */
function clean(value: string, isbd: boolean): string {
  let v = cleanText(value);
  if (isbd) v = v.replace(/\s*[/:;,=]$/, '').replace(/(?<!\.\.)(?<![A-ZĐ])\.$/u, '').trim();
  return v;
}

function holdingsOf(record: MarcRecord): { holdings: Holding[]; withdrawn: number; itemTypes: string[] } {
  const holdings: Holding[] = [];
  let withdrawn = 0;
  const itemTypes: string[] = [];
  for (const f of fieldsOf(record, '852')) {
    const get = (c: string) => cleanText(subfieldValues([f], c)[0] ?? '');
    const barcode = get('p') || get('j');
    if (!barcode) continue;
    holdings.push({ code: get('j') || barcode, barcode, location: get('c') || get('b'), lost: /^(mat|lost|missing)\b/.test(fold(get('z'))), price: null });
  }
  for (const f of fieldsOf(record, '952')) {
    const get = (c: string) => cleanText(subfieldValues([f], c)[0] ?? '');
    if (get('y')) itemTypes.push(get('y'));
    if (get('0') && get('0') !== '0') {
      withdrawn++;
      continue;
    }
    const barcode = get('p');
    if (!barcode) continue;
    // Koha writes prices with decimals ("45000.00"); đồng have none.
    const price = parseDong((get('g') || get('v')).replace(/[.,]\d{2}$/, ''));
    holdings.push({ code: barcode, barcode, location: get('c'), lost: !!get('1') && get('1') !== '0', price: price.ok ? price.value : null });
  }
  return { holdings, withdrawn, itemTypes };
}

/** The series a code is shaped like (prefix + separator + digits), if any. */
function seriesOfCode(series: SeriesRow[], code: string): SeriesRow | undefined {
  const parts = splitCode(code);
  if (!parts) return undefined;
  return series.find((s) => `${s.prefix}${s.separator}`.toUpperCase() === parts.head);
}

function titleFieldsOf(record: MarcRecord, seriesId: number): { fields: TitleFields; problems: string[] } {
  const problems: string[] = [];
  // Leader/18 'a' (AACR2) or 'i' (ISBD): subfields end in ISBD punctuation, which we do not store.
  const isbd = record.leader[18] === 'a' || record.leader[18] === 'i';
  const get = (tag: string, code: string) => clean(first(record, tag, code), isbd);
  const title = get('245', 'a');
  if (!title) problems.push('thiếu nhan đề (245 $a)');
  const isbnText = subfieldValues(fieldsOf(record, '020'), 'a').map((v) => /[\dXx-]{10,17}/.exec(v)?.[0] ?? '').find(Boolean) ?? '';
  const isbn = normalizeIsbn(isbnText);
  if (isbn === 'invalid') problems.push(`ISBN "${isbnText}" sai (020 $a; kiểm tra lại chữ số cuối)`);
  const yearText = get('264', 'c') || get('260', 'c');
  const yearMatch = /\d{4}/.exec(yearText);
  const priceText = get('020', 'c');
  const price = /^[\d.,\s]+\s*(đ|đồng|vnd|vnđ)?\.?$/i.test(priceText) ? parseDong(priceText.replace(/,/g, '.')) : null;
  const pages = /\d+/.exec(get('300', 'a'));
  const size = /(\d+(?:[.,]\d+)?)/.exec(get('300', 'c'));
  const classField = fieldsOf(record, '082').length ? '082' : '084';
  const callNumber = clean(first(record, '952', 'o'), false);
  const fixedLang = (record.fields.find((f) => f.tag === '008')?.value ?? '').slice(35, 38);
  const langText = cleanText(first(record, '041', 'a')) || (/^[a-z]{3}$/.test(fixedLang) ? fixedLang : '');
  const language = LANGUAGES_FROM_MARC[langText.toLowerCase()] ?? (langText || 'vi');
  const authors = [get('100', 'a'), get('110', 'a'), ...fieldsOf(record, '700').map((f) => clean(subfieldValues([f], 'a')[0] ?? '', isbd))].filter(Boolean);
  const keywords = [...fieldsOf(record, '650'), ...fieldsOf(record, '653'), ...fieldsOf(record, '490')]
    .map((f) => clean(subfieldValues([f], 'a')[0] ?? '', isbd)).filter(Boolean);
  const grade = /\d+/.exec(get('521', 'a'));
  const fields = normaliseTitle({
    title, subtitle: get('245', 'b'), volume: [get('245', 'n'), get('245', 'p')].filter(Boolean).join(' – '), authors: authors.join('; '),
    publisher: get('264', 'b') || get('260', 'b'), placeOfPublication: get('264', 'a') || get('260', 'a'),
    publicationYear: yearMatch ? Number(yearMatch[0]) : null, edition: get('250', 'a'),
    pages: pages ? Number(pages[0]) : null, sizeCm: size ? Number(size[1].replace(',', '.')) : null,
    coverPrice: price?.ok ? price.value : null, isbn: isbn === 'invalid' ? null : isbn, language, seriesId,
    classification: get(classField, 'a') || callNumber.split(' ')[0] || '', authorMark: get(classField, 'b') || callNumber.split(' ')[1] || '',
    keywords: keywords.join('; '), summary: get('520', 'a'),
    gradeLevel: grade && Number(grade[0]) >= 1 && Number(grade[0]) <= 12 ? Number(grade[0]) : null, subject: get('658', 'a'),
  });
  return { fields, problems };
}

/**
 * Reads, checks and (unless a dry run) stores a MARC 21 file. Any record refused → nothing is stored,
 * and the error names each one ("Bản ghi 3: …").
 */
export async function importMarcFile(ctx: ServiceContext, fileName: string, options: MarcImportOptions): Promise<MarcImportResult> {
  const { format, records } = readMarcFile(fileName, options.content);
  if (records.length === 0) throw new AppError('EMPTY_FILE', 'Tệp không có bản ghi MARC nào.');
  const sql = ctx.sql;
  const series = loadSeries(sql);
  const defaultCode = (options.defaultSeries ?? 'STK').toUpperCase();
  const fallback = series.find((s) => s.code === defaultCode);
  if (!fallback) throw new AppError('BAD_SERIES', `Loại sách "${defaultCode}" không có trong Cài đặt.`);

  const errors: ImportRowError[] = [];
  const refuse = (n: number, problems: string[]) => errors.push({ row: n, message: `Bản ghi ${n}: ${problems.join('; ')}.` });
  const planned: Planned[] = [];
  const seenCodes = new Map<string, number>();
  const seenTitles = new Map<string, number>();
  let withdrawnSkipped = 0;
  for (const r of records) {
    if (!r.record) {
      refuse(r.n, [r.error]);
      continue;
    }
    const { holdings, withdrawn, itemTypes } = holdingsOf(r.record);
    withdrawnSkipped += withdrawn;
    // The record's series: ours (942 $c) or Koha's item type when it names one, else what its first code is shaped like.
    const named = [first(r.record, '942', 'c'), ...itemTypes].map((c) => c.toUpperCase()).filter(Boolean);
    const newSeries = series.find((s) => named.includes(s.code)) ?? holdings.map((h) => seriesOfCode(series, h.code)).find(Boolean) ?? fallback;
    const { fields, problems } = titleFieldsOf(r.record, newSeries.id);
    const match = fields.title ? findDuplicates(sql, fields)[0] : undefined;
    const matchedSeries = match ? titleById(sql, match.id)?.seriesId : undefined;
    const s = series.find((x) => x.id === matchedSeries) ?? newSeries;
    const key = fields.isbn ?? `${fold(fields.title)}|${fold(fields.volume)}|${fold(fields.authors)}|${fields.publicationYear ?? ''}`;
    if (fields.title && seenTitles.has(key)) problems.push(`trùng đầu sách với bản ghi ${seenTitles.get(key)}`);
    else seenTitles.set(key, r.n);

    const copies: PlannedCopy[] = [];
    let already = 0;
    for (const h of holdings) {
      const codes = [...new Set([h.code.toUpperCase(), h.barcode.toUpperCase()])];
      const repeated = codes.find((c) => seenCodes.has(c));
      if (repeated) {
        problems.push(`mã ${repeated} lặp lại (đã có ở bản ghi ${seenCodes.get(repeated)})`);
        continue;
      }
      for (const c of codes) seenCodes.set(c, r.n);
      const existing = copyWithCode(sql, h.barcode) ?? copyWithCode(sql, h.code);
      if (existing) {
        // The same copy imported again (a repeated import): nothing to add. Another title's copy: refused.
        if (match && existing.titleId === match.id) already++;
        else problems.push(`mã ${h.barcode} đã là bản sách ${existing.accessionCode} của một đầu sách khác trong kho`);
        continue;
      }
      const codeSeries = seriesOfCode(series, h.code);
      const barcodeSeries = seriesOfCode(series, h.barcode);
      if (codeSeries && codeSeries.id === s.id) {
        if (numberTaken(sql, s.id, splitCode(h.code)!.number)) {
          problems.push(`số ĐKCB ${h.code} trùng số với một bản đã có của loại ${s.code}; số ĐKCB không bao giờ cấp lại`);
          continue;
        }
        if (barcodeSeries && h.barcode.toUpperCase() !== h.code.toUpperCase()) {
          problems.push(`mã vạch ${h.barcode} có dạng số ĐKCB của loại ${barcodeSeries.code} nhưng bản sách mang số ĐKCB ${h.code}`);
          continue;
        }
        copies.push({ ...h, code: h.code.toUpperCase(), kept: true });
      } else if (codeSeries || barcodeSeries) {
        const other = (codeSeries ?? barcodeSeries)!;
        problems.push(`mã ${codeSeries ? h.code : h.barcode} có dạng số ĐKCB của loại ${other.code} nhưng đầu sách thuộc loại ${s.code}`);
      } else {
        copies.push({ ...h, kept: false });
      }
    }
    if (problems.length) {
      refuse(r.n, problems);
      continue;
    }
    planned.push({
      record: r.n, fields: match ? { ...fields, seriesId: s.id } : fields, series: s, matchId: match?.id ?? null,
      match: match ? match.reason : 'new', matchedTitle: match ? match.title : '', copies, already,
    });
  }
  if (errors.length) {
    throw rowsRefused(errors, [], [], `Tệp có ${errors.length} bản ghi không nhập được; không nhập bản ghi nào. Sửa các bản ghi này rồi nhập lại.`,
      'IMPORT_INVALID');
  }

  const count = (f: (p: Planned) => number) => planned.reduce((a, p) => a + f(p), 0);
  const result: MarcImportResult = {
    format, records: records.length, titles: planned.filter((p) => !p.matchId).length, matched: planned.filter((p) => p.matchId).length,
    copies: count((p) => p.copies.length), keptCodes: count((p) => p.copies.filter((c) => c.kept).length),
    newCodes: count((p) => p.copies.filter((c) => !c.kept).length), already: count((p) => p.already), withdrawnSkipped,
    lost: count((p) => p.copies.filter((c) => c.lost).length), dryRun: !!options.dryRun, batch: null,
    preview: planned.slice(0, 200).map((p) => ({
      record: p.record, title: p.fields.title, authors: p.fields.authors, isbn: p.fields.isbn ?? '', series: p.series.code, match: p.match,
      matchedTitle: p.matchedTitle, copies: p.copies.length, kept: p.copies.filter((c) => c.kept).length,
      numbered: p.copies.filter((c) => !c.kept).length, already: p.already, lost: p.copies.filter((c) => c.lost).length,
    })),
  };
  if (options.dryRun) return result;

  const now = ctx.now();
  result.batch = transaction(sql, () => {
    // One line per title, kept codes and numbered copies apart, and per price (a line has one unit price).
    const lines: { titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string[] | null; copies: PlannedCopy[] }[] = [];
    for (const p of planned) {
      const titleId = p.matchId ?? createTitle(sql, p.fields, now);
      const groups = new Map<string, PlannedCopy[]>();
      for (const c of p.copies) {
        const k = `${c.kept}|${c.price ?? p.fields.coverPrice ?? 0}`;
        groups.set(k, [...(groups.get(k) ?? []), c]);
      }
      for (const [k, list] of groups) {
        const kept = k.startsWith('true');
        lines.push({ titleId, quantity: list.length, unitPrice: Number(k.split('|')[1]), acquisitionMode: 'purchase',
          existingCodes: kept ? list.map((c) => c.code) : null, copies: list });
      }
    }
    let batch: MarcImportResult['batch'] = null;
    if (lines.length) {
      const batchId = insertDraftBatchSync(sql, { date: options.date ?? todayIso(now), source: 'khac', voucherNumber: '', supplier: '',
        note: `Nhập từ tệp MARC 21 ${path.basename(fileName)}`, lines: lines.map(({ copies: _c, ...l }) => l) }, now);
      const confirmed = confirmBatchSync(sql, batchId, now);
      // confirmBatchSync numbers the lines in order, each line's copies in order: the codes map back one to one.
      const all = lines.flatMap((l) => l.copies);
      confirmed.codes.forEach((code, i) => {
        const c = all[i];
        const barcode = c.barcode.toUpperCase() === code ? code : c.barcode;
        finishImportedCopy(sql, { code, barcode, location: c.location, status: c.lost ? 'lost' : 'available' });
      });
      batch = { registerNumber: confirmed.registerNumber, copies: confirmed.copies, codeRanges: compactRanges(confirmed.codes) };
    }
    writeAudit(sql, { at: now, action: 'catalogue.importMarc', entity: 'title', details: {
      file: path.basename(fileName), records: result.records, titles: result.titles, matched: result.matched, copies: result.copies,
      lost: result.lost, registerNumber: batch?.registerNumber ?? null, ranges: batch?.codeRanges ?? '',
    } });
    return batch;
  });
  return result;
}
