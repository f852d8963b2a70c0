import { normalizeIsbn } from '../../../shared/isbn';
import { fold } from '../../../shared/text';
import { deleteRecords, lockWorks, schoolOfKey, storePush, upsertRecords, workMembers, writeUnionLog, type StoredRecord } from '../../db/union/queries';
import { dropEmptyWorks, planWorks } from '../../db/union/works';
import { unionTransaction, type UnionDb } from '../../db/union/sql';
import type { UnionPushRequest, UnionRecord } from './protocol';
import { hashKey } from './schools';

/** Folded words of a text, as the desk's search splits them. */
export function foldedWords(text: string): string[] {
  return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * The ISBN as the server compares it: ISBN-13 digits when valid (an ISBN-10 converted), else the digits
 * (and X) as sent, so hyphens and spaces never split a work; null when none.
 */
export function unionIsbn(raw: string | null): string | null {
  const n = normalizeIsbn(raw);
  if (n === null) return null;
  return n === 'invalid' ? (raw ?? '').replace(/[^0-9Xx]/g, '').toUpperCase() || null : n;
}

/** A protocol record with the folded keys the server searches and groups on (the desk's fold: đ → d). */
export function storedRecord(r: UnionRecord): Omit<StoredRecord, 'work_id'> {
  const isbn = unionIsbn(r.isbn);
  const words = foldedWords([r.title, ...r.authors, r.publisher ?? '', isbn ?? ''].join(' '));
  return {
    id: r.id,
    title: r.title.normalize('NFC').trim(),
    authors: r.authors.map((a) => a.normalize('NFC').trim()).filter(Boolean),
    isbn,
    publisher: r.publisher?.normalize('NFC').trim() || null,
    year: r.year,
    title_key: foldedWords(r.title).join(' '),
    author_key: foldedWords(r.authors[0] ?? '').join(' '),
    search_text: ` ${words.join(' ')}`,
    total: r.total,
    available: r.available,
  };
}

export type PushOutcome =
  | { status: 200; body: { acknowledged: number; school: string } }
  | { status: 409; body: { acknowledged: number; school: string } }
  | { status: 400; message: string }
  | { status: 401 };

/**
 * One push batch, in one transaction: the key checked again under a lock (a key revoked meanwhile
 * changes nothing), records upserted by (school, id), `removed` ones deleted, the works they touch
 * regrouped (main/db/union/works.ts), the cursor and summary stored. `since` above the stored cursor (the union lost pushes, e.g. restored) → 409 with the stored
 * cursor, nothing changed; `since` at or below it is a repeat and is applied again (same result).
 */
export async function receivePush(db: UnionDb, key: string, request: UnionPushRequest): Promise<PushOutcome> {
  if (request.cursor < request.since) return { status: 400, message: 'Vị trí kết thúc (cursor) nhỏ hơn vị trí bắt đầu (since).' };
  // The last value sent for an id wins, as if the records had been applied one by one.
  const last = new Map<string, UnionRecord>();
  for (const r of request.records) last.set(r.id, r);
  const removed = [...last.values()].filter((r) => r.removed).map((r) => r.id);
  const kept = [...last.values()].filter((r) => !r.removed).map(storedRecord);
  return unionTransaction(db, async (tx): Promise<PushOutcome> => {
    const school = await schoolOfKey(tx, hashKey(key), true);
    if (!school) return { status: 401 };
    if (request.since > school.cursor) return { status: 409, body: { acknowledged: school.cursor, school: school.name } };
    // Works are regrouped one push at a time (all schools), planned before the records are written so each
    // record is written once with its work; only records that really changed count (a repeated push: none).
    await lockWorks(tx);
    const stored = new Map((await workMembers(tx, [], { school: [...last.keys()].map(() => school.id), id: [...last.keys()] }))
      .map((r) => [r.id, r]));
    const incoming = kept.map((r) => ({ ...r, school_id: school.id, work_id: stored.get(r.id)?.work_id ?? null }));
    const gone = removed.map((id) => stored.get(id)).filter((r) => r !== undefined);
    const plan = await planWorks(tx, incoming, gone, new Map([...stored.values()].map((r) => [`${school.id}/${r.id}`, r])));
    const written = await upsertRecords(tx, school.id, kept.map((r): StoredRecord => ({ ...r, work_id: plan.workOf.get(`${school.id}/${r.id}`) as string })));
    const deleted = (await deleteRecords(tx, school.id, removed)).length;
    await dropEmptyWorks(tx, plan.emptied);
    const changed = written.length;
    await storePush(tx, school.id, request.cursor, request.summary);
    await writeUnionLog(tx, {
      schoolId: school.id, actor: school.name, action: 'push',
      detail: { since: request.since, cursor: request.cursor, records: request.records.length, changed, deleted, summary: request.summary !== null },
    });
    return { status: 200, body: { acknowledged: request.cursor, school: school.name } };
  });
}
