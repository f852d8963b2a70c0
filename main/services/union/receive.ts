import { normalizeIsbn } from '../../../shared/isbn';
import { fold } from '../../../shared/text';
import { deleteRecords, markFullPush, recordsNotInFullPush, schoolOfKey, storePush, upsertRecords, writeUnionLog, type StoredRecord } from '../../db/union/queries';
import { dropEmptyWorks, lockedChange, planWorks } from '../../db/union/works';
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

/** PostgreSQL's deadlock_detected: two pushes locked shared work keys in opposite orders and one was aborted. */
const DEADLOCK = '40P01';
const ATTEMPTS = 5;

/**
 * One push batch, in one transaction: the key checked again under a lock on the school's row (a key revoked
 * meanwhile changes nothing; two pushes of one school run one after the other), records upserted by (school, id),
 * `removed` ones deleted, the works they touch regrouped under locks on their keys only (main/db/union/works.ts:
 * pushes of different schools run side by side and wait for each other only on the works they share), the cursor
 * and summary stored. The last batch of a full push also removes the school's records that the push did not carry.
 * `since` above the stored cursor (the union lost pushes, e.g. restored) → 409 with the stored cursor, nothing
 * changed; `since` at or below it is a repeat and is applied again (same result). A transaction PostgreSQL aborts
 * as a deadlock is run again from the start.
 */
export async function receivePush(db: UnionDb, key: string, request: UnionPushRequest): Promise<PushOutcome> {
  if (request.cursor < request.since) return { status: 400, message: 'Vị trí kết thúc (cursor) nhỏ hơn vị trí bắt đầu (since).' };
  for (let attempt = 1; ; attempt++) {
    try {
      return await receiveOnce(db, key, request);
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function receiveOnce(db: UnionDb, key: string, request: UnionPushRequest): Promise<PushOutcome> {
  // The last value sent for an id wins, as if the records had been applied one by one.
  const last = new Map<string, UnionRecord>();
  for (const r of request.records) last.set(r.id, r);
  const removed = [...last.values()].filter((r) => r.removed).map((r) => r.id);
  const kept = [...last.values()].filter((r) => !r.removed).map(storedRecord);
  const full = request.full && request.pushId ? request.pushId : null;
  return unionTransaction(db, async (tx): Promise<PushOutcome> => {
    const school = await schoolOfKey(tx, hashKey(key), true);
    if (!school) return { status: 401 };
    if (request.since > school.cursor) return { status: 409, body: { acknowledged: school.cursor, school: school.name } };
    // The end of a full push: what it did not carry goes, as if the school had sent it as removed.
    const ghosts = full && request.last ? await recordsNotInFullPush(tx, school.id, full, [...last.keys()]) : [];
    // Works are planned before the records are written, so each record is written once with its work; only
    // records that really changed count (a repeated push: none, and it locks nothing).
    const change = await lockedChange(tx, school.id, kept, [...removed, ...ghosts]);
    const plan = await planWorks(tx, change.incoming, change.gone, change.stored, change.scope);
    const written = await upsertRecords(tx, school.id, kept.map((r): StoredRecord => ({ ...r, work_id: plan.workOf.get(`${school.id}/${r.id}`) ?? null })));
    const deleted = (await deleteRecords(tx, school.id, [...removed, ...ghosts])).length;
    await dropEmptyWorks(tx, plan.emptied);
    if (full) await markFullPush(tx, school.id, full, kept.map((r) => r.id));
    const changed = written.length;
    await storePush(tx, school.id, request.cursor, request.summary);
    await writeUnionLog(tx, {
      schoolId: school.id, actor: school.name, action: 'push',
      detail: {
        since: request.since, cursor: request.cursor, records: request.records.length, changed, deleted, summary: request.summary !== null,
        ...(full ? { full, last: request.last === true, ghosts: ghosts.length } : {}),
      },
    });
    return { status: 200, body: { acknowledged: request.cursor, school: school.name } };
  });
}
