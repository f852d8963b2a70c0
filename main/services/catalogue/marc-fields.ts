import { formatAmount } from '../../../shared/number-words';
import type { MarcCopyRow, MarcTitleRow } from '../../db/queries/catalogue-marc';
import type { MarcField, MarcRecord } from './marc-codec';

/**
 * What our catalogue means in MARC 21 (bibliographic, UTF-8), in both directions' vocabulary. The
 * export writes these fields; marc-import.ts reads them back (and Koha's 952, Libol's 852 $j). The
 * table is in docs/architecture.md ("MARC 21").
 */

/** Our language codes ↔ MARC 21 language codes (041 $a, 008/35-37). Others pass through unchanged. */
export const MARC_LANGUAGES: Record<string, string> = {
  vi: 'vie', en: 'eng', fr: 'fre', zh: 'chi', ru: 'rus', ja: 'jpn', ko: 'kor', de: 'ger',
};
export const LANGUAGES_FROM_MARC: Record<string, string> = Object.fromEntries(Object.entries(MARC_LANGUAGES).map(([a, b]) => [b, a]));

/** Leader of every record we write: new, language material, monograph, UTF-8 (09 = a), ISBD punctuation omitted (18 = c). */
export const EXPORT_LEADER = '00000nam a2200000 c 4500';

/** A Dewey number ("895.922", "372.21") goes in 082; any other môn loại (the school's own table) in 084. */
export function isDdc(classification: string): boolean {
  return /^\d{3}(\.\d+)?$/.test(classification);
}

/** 300 $c: "20,5 cm". */
export function sizeText(size: number): string {
  return `${String(size).replace('.', ',')} cm`;
}

function datafield(tag: string, ind1: string, ind2: string, subfields: [string, string | null | undefined][]): MarcField | null {
  const kept = subfields.filter((s): s is [string, string] => !!s[1] && s[1].trim() !== '');
  return kept.length ? { tag, ind1, ind2, subfields: kept } : null;
}

/** 008 (40 positions): dates and place fill-coded, the year when known, Việt Nam, the language. */
function fixedField(t: MarcTitleRow): string {
  const year = t.publicationYear ? `s${String(t.publicationYear).padStart(4, '0')}` : 'n||||';
  const code = MARC_LANGUAGES[t.language] ?? t.language;
  const lang = /^[a-z]{3}$/.test(code) ? code : '|||';
  const value = `||||||${year}    vm ${'|'.repeat(17)}${lang} d`;
  return value;
}

/** One title as a MARC 21 record, with one 852 per held copy (withdrawn copies are never given). */
export function titleRecord(t: MarcTitleRow, copies: MarcCopyRow[], schoolName: string): MarcRecord {
  const authors = t.authors.split(/\s*;\s*/).filter(Boolean);
  const ddc = isDdc(t.classification);
  const fields: (MarcField | null)[] = [
    { tag: '008', value: fixedField(t) },
    datafield('020', ' ', ' ', [['a', t.isbn], ['c', t.coverPrice ? `${formatAmount(t.coverPrice)} đ` : null]]),
    datafield('041', '0', ' ', [['a', MARC_LANGUAGES[t.language] ?? t.language]]),
    ddc ? datafield('082', '0', '4', [['a', t.classification], ['b', t.authorMark]])
      : datafield('084', ' ', ' ', [['a', t.classification], ['b', t.authorMark], ['2', t.classification || t.authorMark ? 'local' : null]]),
    // Vietnamese names are written in direct order ("Tô Hoài"): first indicator 0, as Vietnamese MARC records do.
    datafield('100', '0', ' ', [['a', authors[0]]]),
    datafield('245', authors.length ? '1' : '0', '0', [['a', t.title], ['b', t.subtitle], ['n', t.volume]]),
    datafield('250', ' ', ' ', [['a', t.edition]]),
    datafield('264', ' ', '1', [['a', t.placeOfPublication], ['b', t.publisher], ['c', t.publicationYear ? String(t.publicationYear) : null]]),
    datafield('300', ' ', ' ', [['a', t.pages ? `${t.pages} tr.` : null], ['c', t.sizeCm ? sizeText(t.sizeCm) : null]]),
    datafield('520', ' ', ' ', [['a', t.summary]]),
    datafield('521', '2', ' ', [['a', t.gradeLevel ? String(t.gradeLevel) : null]]),
    ...t.keywords.split(/\s*[;,]\s*/).filter(Boolean).map((k) => datafield('650', ' ', '4', [['a', k]])),
    datafield('658', ' ', ' ', [['a', t.subject]]),
    ...authors.slice(1).map((a) => datafield('700', '0', ' ', [['a', a]])),
    ...copies.map((c) => datafield('852', ddc ? '1' : '8', ' ', [
      ['a', schoolName], ['c', c.location], ['h', t.classification], ['i', t.authorMark],
      ['j', c.barcode !== c.accessionCode ? c.accessionCode : null], ['p', c.barcode], ['z', c.status === 'lost' ? 'Mất' : null],
    ])),
    datafield('942', ' ', ' ', [['c', t.seriesCode]]),
  ];
  return { leader: EXPORT_LEADER, fields: fields.filter((f): f is MarcField => f !== null) };
}
