import { fold } from './text';

/**
 * Ký hiệu tác giả by default: the first 3 letters of the first author's name (given in Vietnamese
 * order, so the family name), uppercased, no diacritics. When there is no personal author
 * ("Nhiều tác giả", empty) the title is used instead.
 */
export function defaultAuthorMark(authors: string, title: string): string {
  const first = authors.split(';')[0]?.trim() ?? '';
  const source = !first || /^nhieu tac gia$/.test(fold(first)) ? title : first;
  return fold(source).replace(/[^a-z]/g, '').slice(0, 3).toUpperCase();
}

/** Ký hiệu xếp giá as printed on the spine: classification / author (or title) mark / ĐKCB (optional). */
export function shelfMarkLines(classification: string, authorMark: string, accessionCode?: string): string[] {
  const lines = [classification.trim(), authorMark.trim()];
  if (accessionCode) lines.push(accessionCode);
  return lines.filter((l) => l !== '');
}

/** One-line shelf mark, "895.9223 / TÔH" style. */
export function shelfMark(classification: string, authorMark: string): string {
  return shelfMarkLines(classification, authorMark).join(' / ');
}

/** Duplicate key: folded title + volume + authors (the year is compared separately). */
export function dedupeKeyOf(title: string, volume: string, authors: string): string {
  return fold(`${title} ${volume} ${authors}`);
}
