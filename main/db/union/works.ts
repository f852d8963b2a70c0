import { ordinalsAsNumbers } from '../../../shared/text';
import {
  deleteEmptyWorks, insertWorks, keysOfWorks, lockWorkKeys, newWorkIds, setRecordWorks, updateWorks, workMembers, workOfRecords, worksSharingKeys,
  type WorkMember, type WorkRow,
} from './queries';
import type { UnionSql } from './statements';

/**
 * The union's works (`union_work`), grouped when pushes arrive so a search reads, counts and pages works
 * from an index. A work is a connected group of records across schools: two records are in one work when
 * they have the same ISBN or the same folded title + first author (so a school that left the ISBN out, or a
 * reprint typed with another title but the same ISBN, still joins the work).
 */

/** Groups records into works: the same ISBN, or the same folded title + first author (union-find). */
export function groupWorks<T extends { isbn: string | null; title_key: string; author_key: string }>(rows: T[]): T[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let p = parent.get(k) ?? k;
    if (p !== k) { p = find(p); parent.set(k, p); }
    return p;
  };
  const join = (a: string, b: string) => { const ra = find(a); const rb = find(b); if (ra !== rb) parent.set(ra, rb); };
  const titleKey = (r: T) => `t:${r.title_key}|${r.author_key}`;
  for (const r of rows) {
    parent.set(titleKey(r), find(titleKey(r)));
    if (r.isbn) join(`i:${r.isbn}`, titleKey(r));
  }
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const root = find(titleKey(r));
    const g = groups.get(root);
    if (g) g.push(r); else groups.set(root, [r]);
  }
  return [...groups.values()];
}

/** What a work shows and is searched by, from its records. The face is the record with the most copies. */
export function workOf(group: WorkMember[]): Omit<WorkRow, 'id'> {
  let face = group[0];
  for (const r of group) if (r.total > face.total || (r.total === face.total && (r.school_id < face.school_id || (r.school_id === face.school_id && r.id < face.id)))) face = r;
  const words = new Set<string>();
  for (const r of group) for (const w of r.search_text.split(' ')) if (w) words.add(w);
  return {
    title: face.title,
    authors: face.authors,
    isbn: face.isbn ?? group.filter((r) => r.isbn).map((r) => r.isbn as string).sort()[0] ?? null,
    title_keys: [...new Set(group.map((r) => r.title_key))].sort(),
    sort_title: ordinalsAsNumbers(face.title),
    search_text: ` ${[...words].sort().join(' ')}`,
  };
}

const memberKey = (r: { school_id: number; id: string }) => `${r.school_id}/${r.id}`;
/** What decides a record's work and its work's face and words: a record differing only in other fields keeps its work as it is. */
const workFields = (r: WorkMember) => JSON.stringify([r.isbn, r.title_key, r.author_key, r.title, r.authors, r.search_text, r.total]);
/** The keys that link a record to others (its ISBN, its folded title + first author): what a push locks. */
const workKeys = (r: { isbn: string | null; title_key: string; author_key: string }): string[] =>
  r.isbn ? [`i:${r.isbn}`, `t:${r.title_key}|${r.author_key}`] : [`t:${r.title_key}|${r.author_key}`];

/** Incoming records whose work-deciding fields differ from their stored version (or that are new). */
const changedOf = (incoming: WorkMember[], stored: Map<string, WorkMember>) =>
  incoming.filter((r) => { const was = stored.get(memberKey(r)); return !was || was.work_id === null || workFields(was) !== workFields(r); });

/** The works a change touches (old works of changed or gone records, works sharing a new key) and all their records. */
export interface WorkScope { affected: string[]; members: WorkMember[] }

async function scopeOf(sql: UnionSql, changed: WorkMember[], gone: WorkMember[]): Promise<WorkScope> {
  const sharing = changed.length === 0 ? [] : await worksSharingKeys(sql,
    [...new Set(changed.filter((r) => r.isbn).map((r) => r.isbn as string))], changed.map((r) => r.title_key), changed.map((r) => r.author_key));
  const affected = [...new Set([...sharing, ...[...changed, ...gone].map((r) => r.work_id).filter((w): w is string => w !== null)])];
  return { affected, members: affected.length === 0 ? [] : await workMembers(sql, affected, { school: [], id: [] }) };
}

/**
 * Locks what a push of one school's records needs for work maintenance and reads it under those locks, so pushes
 * of different schools run side by side and meet only on works they share. Inside the push's transaction, which
 * holds the school's row: no other push writes these records, so which of them changed (and their keys, old and
 * new) is known from one reading; only their `work_id` may still be moved by another school's merge.
 * 1. The keys of the changed and removed records (old and new) are locked (lockWorkKeys). From then on the works
 *    they touch are fixed: the works holding a record with one of those keys, and the works of these records —
 *    any push changing either holds one of those keys.
 * 2. The keys of every record of those works are locked, read again until a reading finds none unlocked (another
 *    push may have added a record to one of them between the reading and the lock).
 * 3. Then, with every key held, the works' records are read in full, once: nothing can change them now.
 * Two pushes taking overlapping keys in different rounds can deadlock; PostgreSQL then aborts one, which the
 * caller runs again.
 */
export async function lockedChange(sql: UnionSql, schoolId: number, kept: Omit<WorkMember, 'school_id' | 'work_id'>[], removed: string[]): Promise<{
  incoming: WorkMember[]; gone: WorkMember[]; stored: Map<string, WorkMember>; scope: WorkScope;
}> {
  const held = new Set<string>();
  const lock = async (keys: string[]) => {
    const missing = [...new Set(keys)].filter((k) => !held.has(k));
    if (missing.length === 0) return false;
    await lockWorkKeys(sql, missing);
    for (const k of missing) held.add(k);
    return true;
  };
  const ids = [...kept.map((r) => r.id), ...removed];
  const stored = new Map((await workMembers(sql, [], { school: ids.map(() => schoolId), id: ids })).map((r) => [memberKey(r), r]));
  const was = (id: string) => stored.get(`${schoolId}/${id}`);
  const incoming = kept.map((r): WorkMember => ({ ...r, school_id: schoolId, work_id: was(r.id)?.work_id ?? null }));
  const gone = removed.map(was).filter((r) => r !== undefined);
  const changed = changedOf(incoming, stored);
  if (changed.length === 0 && gone.length === 0) return { incoming, gone, stored, scope: { affected: [], members: [] } };
  await lock([...changed, ...gone, ...changed.map((r) => was(r.id)).filter((r) => r !== undefined)].flatMap(workKeys));
  // The work ids as they are now that those keys are held (a merge by another school may have moved them).
  for (const { id, work_id } of await workOfRecords(sql, schoolId, ids)) {
    const r = was(id);
    if (r) r.work_id = work_id;
  }
  for (const r of incoming) r.work_id = was(r.id)?.work_id ?? null;
  const sharing = await worksSharingKeys(sql,
    [...new Set(changed.filter((r) => r.isbn).map((r) => r.isbn as string))], changed.map((r) => r.title_key), changed.map((r) => r.author_key));
  const affected = [...new Set([...sharing, ...[...changed, ...gone].map((r) => r.work_id).filter((w): w is string => w !== null)])];
  while (await lock((await keysOfWorks(sql, affected)).flatMap(workKeys))) { /* read again under the new locks */ }
  return { incoming, gone, stored, scope: { affected, members: affected.length === 0 ? [] : await workMembers(sql, affected, { school: [], id: [] }) } };
}

/**
 * Regroups the works touched by a change, inside the caller's transaction BEFORE the change is written (a push
 * calls lockedChange first and passes its `scope`): `incoming` = records about to be written (new or new versions;
 * `work_id` = their current work or null), `gone` = records about to be deleted (as stored). Incoming records whose
 * work-deciding fields did not change are skipped. Every old work of a changed record, and every work sharing a
 * key with an incoming one, is read with all its records; union-find regroups them (a work may split, merge or
 * move); each new group keeps the old work id most of its records had, the others get new ids; the works are
 * written. Stored records not in `incoming` or `gone` that move are pointed at their new work here; the caller
 * writes `incoming` with the work returned for each (`school/id` → work id; absent: the record keeps its stored
 * work) and then calls `dropEmptyWorks` with `emptied`.
 */
export async function planWorks(sql: UnionSql, incoming: WorkMember[], gone: WorkMember[], stored: Map<string, WorkMember>, given?: WorkScope): Promise<{ workOf: Map<string, string>; emptied: string[] }> {
  const changed = changedOf(incoming, stored);
  const assigned = new Map<string, string>();
  if (changed.length === 0 && gone.length === 0) return { workOf: assigned, emptied: [] };
  const { affected, members: stays } = given ?? await scopeOf(sql, changed, gone);
  const replaced = new Set([...incoming, ...gone].map(memberKey));
  const members = [
    ...stays.filter((r) => !replaced.has(memberKey(r))),
    ...incoming.filter((r) => changed.includes(r) || (r.work_id !== null && affected.includes(r.work_id))),
  ];
  const groups = groupWorks(members).map((g) => ({ members: g, work: workOf(g), id: null as string | null }));
  // The largest groups choose first: a work that only lost a record keeps its id.
  groups.sort((a, b) => b.members.length - a.members.length);
  const taken = new Set<string>();
  for (const g of groups) {
    const votes = new Map<string, number>();
    for (const r of g.members) if (r.work_id !== null && !taken.has(r.work_id)) votes.set(r.work_id, (votes.get(r.work_id) ?? 0) + 1);
    let best: string | null = null;
    for (const [w, n] of votes) if (best === null || n > (votes.get(best) as number) || (n === votes.get(best) && Number(w) < Number(best))) best = w;
    if (best !== null) { g.id = best; taken.add(best); }
  }
  const fresh = groups.filter((g) => g.id === null);
  const ids = await newWorkIds(sql, fresh.length);
  fresh.forEach((g, i) => { g.id = ids[i]; });
  await updateWorks(sql, groups.filter((g) => !fresh.includes(g)).map((g) => ({ id: g.id, ...g.work })));
  await insertWorks(sql, fresh.map((g) => ({ id: g.id, ...g.work })));
  const incomingKeys = new Set(incoming.map(memberKey));
  const moves: { s: number; id: string; w: string }[] = [];
  for (const g of groups) {
    for (const r of g.members) {
      if (incomingKeys.has(memberKey(r))) assigned.set(memberKey(r), g.id as string);
      else if (r.work_id !== g.id) moves.push({ s: r.school_id, id: r.id, w: g.id as string });
    }
  }
  await setRecordWorks(sql, moves.map((m) => m.s), moves.map((m) => m.id), moves.map((m) => m.w));
  return { workOf: assigned, emptied: affected.filter((w) => !taken.has(w)) };
}

/** Deletes the works `planWorks` left without records (after the caller wrote its records). */
export async function dropEmptyWorks(sql: UnionSql, emptied: string[]): Promise<void> {
  await deleteEmptyWorks(sql, emptied);
}

/**
 * Regroups stored records (`changed`, written already) and every record of `oldWorks`: all of them are planned
 * again and pointed at their works. The migration's backfill calls it a chunk of records without a work at a time.
 */
export async function regroupWorks(sql: UnionSql, changed: { school: number[]; id: string[] }, oldWorks: string[]): Promise<void> {
  const rows = await workMembers(sql, oldWorks, changed);
  const { workOf: works, emptied } = await planWorks(sql, rows, [], new Map());
  await setRecordWorks(sql, rows.map((r) => r.school_id), rows.map((r) => r.id), rows.map((r) => works.get(memberKey(r)) as string));
  await dropEmptyWorks(sql, emptied);
}
