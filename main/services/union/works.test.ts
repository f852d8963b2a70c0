import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase } from '../../../tests/pg';
import type { UnionDb } from '../../db/union/sql';
import { groupWorks } from '../../db/union/works';
import { closeUnion, openUnion } from './database';
import type { UnionRecord } from './protocol';
import { receivePush } from './receive';
import { addSchool } from './schools';
import { unionSearch, unionSearchParams } from './search';

/** Works grouped when pushes arrive (union_work): split, merged and dropped as schools' records change. */

const rec = (id: string, title: string, author: string, isbn: string | null, total: number, removed = false): UnionRecord =>
  ({ id, title, authors: [author], isbn, publisher: null, year: null, total, available: total, removed });

interface Row { school: string; id: string; isbn: string | null; title_key: string; author_key: string; work_id: string | null }

describe('union works (PostgreSQL)', () => {
  let db: UnionDb;
  let client: pg.Client;
  let dbUrl: string;
  const keys: Record<string, string> = {};
  const cursors: Record<string, number> = {};

  const push = async (school: string, records: UnionRecord[]) => {
    const since = cursors[school] ?? 0;
    const out = await receivePush(db, keys[school], { protocol: 1, since, cursor: since + 1, summary: null, records });
    expect(out.status).toBe(200);
    cursors[school] = since + 1;
  };
  const rows = async () => (await client.query<Row>(
    `SELECT s.name AS school, r.id, r.isbn, r.title_key, r.author_key, r.work_id::text AS work_id
     FROM union_record r JOIN union_school s ON s.id = r.school_id ORDER BY s.name, r.id`)).rows;
  /** The works as stored: each a sorted list of "school/id", sorted. */
  const storedWorks = async () => {
    const by = new Map<string, string[]>();
    for (const r of await rows()) {
      expect(r.work_id).not.toBeNull();
      by.set(r.work_id as string, [...(by.get(r.work_id as string) ?? []), `${r.school}/${r.id}`]);
    }
    return [...by.values()].map((g) => g.sort()).sort((a, b) => a[0].localeCompare(b[0]));
  };
  /** Every stored work must be exactly what grouping all records from scratch gives, and no work is empty. */
  const expectConsistent = async () => {
    const all = await rows();
    const fromScratch = groupWorks(all).map((g) => g.map((r) => `${r.school}/${r.id}`).sort()).sort((a, b) => a[0].localeCompare(b[0]));
    expect(await storedWorks()).toEqual(fromScratch);
    const empty = await client.query('SELECT count(*)::int AS n FROM union_work w WHERE NOT EXISTS (SELECT 1 FROM union_record r WHERE r.work_id = w.id)');
    expect(empty.rows[0].n).toBe(0);
  };
  const search = (q: string) => unionSearch(db, unionSearchParams.parse({ q }));

  beforeAll(async () => {
    const url = await freshPgDatabase('union_works');
    dbUrl = url;
    ({ db } = await openUnion(url, { migrate: true }));
    client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const name of ['A', 'B', 'C']) keys[name] = (await addSchool(db, name, 'test')).key;
  });
  afterAll(async () => {
    await client?.end();
    if (db) await closeUnion(db);
  });

  it('one ISBN is one work across schools; a school changing its ISBN splits it off, changing back merges it; removing drops it', async () => {
    await push('A', [rec('1', 'Toán 6', 'Bộ GD', '9786040000001', 30)]);
    await push('B', [rec('7', 'Toán lớp 6', 'Nhiều tác giả', '9786040000001', 12)]);
    expect(await storedWorks()).toEqual([['A/1', 'B/7']]);
    expect((await search('toan')).results).toEqual([{
      title: 'Toán 6', authors: ['Bộ GD'], isbn: '9786040000001',
      holdings: [{ school: 'A', available: 30, total: 30 }, { school: 'B', available: 12, total: 12 }],
    }]);

    // B's record now carries another ISBN (a new edition): two works, each with its own school.
    await push('B', [rec('7', 'Toán lớp 6', 'Nhiều tác giả', '9786040000002', 12)]);
    expect(await storedWorks()).toEqual([['A/1'], ['B/7']]);
    await expectConsistent();
    const split = await search('toan');
    expect(split.total).toBe(2);
    expect(split.results.map((w) => [w.isbn, w.holdings.map((h) => h.school)])).toEqual([
      ['9786040000001', ['A']], ['9786040000002', ['B']],
    ]);

    // Back to the first ISBN: one work again.
    await push('B', [rec('7', 'Toán lớp 6', 'Nhiều tác giả', '9786040000001', 12)]);
    expect(await storedWorks()).toEqual([['A/1', 'B/7']]);
    await expectConsistent();
    expect((await search('toan')).total).toBe(1);

    // B removes it (its copies withdrawn): the work stays with A only, then A removes it too: no work left.
    await push('B', [rec('7', 'Toán lớp 6', 'Nhiều tác giả', '9786040000001', 0, true)]);
    expect(await storedWorks()).toEqual([['A/1']]);
    expect((await search('toan')).results[0].holdings).toEqual([{ school: 'A', available: 30, total: 30 }]);
    await push('A', [rec('1', 'Toán 6', 'Bộ GD', '9786040000001', 0, true)]);
    expect(await storedWorks()).toEqual([]);
    expect(await search('toan')).toEqual({ total: 0, results: [] });
    await expectConsistent();
  });

  it('a record linking an ISBN to another title + author merges two works; when it changes or goes, the work splits', async () => {
    await push('A', [rec('10', 'Dế Mèn phiêu lưu ký', 'Tô Hoài', '9786042088992', 5)]);
    await push('B', [rec('20', 'Dế Mèn phiêu lưu ký — tái bản', 'Tô Hoài', null, 2)]);
    expect((await search('de men')).total).toBe(2);
    // C's copy has A's ISBN and B's title + author: all three are one work.
    await push('C', [rec('30', 'DẾ MÈN PHIÊU LƯU KÝ — TÁI BẢN', 'Tô Hoài', '978-604-2-08899-2', 1)]);
    expect(await storedWorks()).toEqual([['A/10', 'B/20', 'C/30']]);
    const merged = await search('de men');
    expect(merged.total).toBe(1);
    expect(merged.results[0].holdings.map((h) => h.school)).toEqual(['A', 'B', 'C']);
    // C drops the ISBN: the link is gone, C stays with B (same title + author), A is alone.
    await push('C', [rec('30', 'DẾ MÈN PHIÊU LƯU KÝ — TÁI BẢN', 'Tô Hoài', null, 1)]);
    expect(await storedWorks()).toEqual([['A/10'], ['B/20', 'C/30']]);
    await expectConsistent();
    // The ISBN back, then C's record removed: merged, then split again.
    await push('C', [rec('30', 'DẾ MÈN PHIÊU LƯU KÝ — TÁI BẢN', 'Tô Hoài', '9786042088992', 1)]);
    expect(await storedWorks()).toEqual([['A/10', 'B/20', 'C/30']]);
    // A repeated push changes nothing (same works, same ids).
    const before = await rows();
    await push('C', [rec('30', 'DẾ MÈN PHIÊU LƯU KÝ — TÁI BẢN', 'Tô Hoài', '9786042088992', 1)]);
    expect(await rows()).toEqual(before);
    await push('C', [rec('30', 'DẾ MÈN PHIÊU LƯU KÝ — TÁI BẢN', 'Tô Hoài', '9786042088992', 0, true)]);
    expect(await storedWorks()).toEqual([['A/10'], ['B/20']]);
    await expectConsistent();
    expect((await search('de men')).results.map((w) => w.holdings.map((h) => h.school))).toEqual([['A'], ['B']]);
  });

  /** Resolves once `n` backends of this database wait for a lock (or never, when `stop()` is called first). */
  const lockWaiters = (n: number) => {
    let stopped = false;
    const reached = (async () => {
      while (!stopped) {
        const r = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        if (r.rows[0].n >= n) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return { reached, stop: () => { stopped = true; } };
  };
  /** A's push waits on A's record `id`, row-locked by another connection until `release()`. */
  const holdRecord = async (url: string, id: string) => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query("SELECT 1 FROM union_record r JOIN union_school s ON s.id = r.school_id WHERE s.name = 'A' AND r.id = $1 FOR UPDATE OF r", [id]);
    return { release: async () => { await holder.query('ROLLBACK'); await holder.end(); } };
  };
  /** Whether `push` ends while another push is in progress, or waits for a lock itself. */
  const endsOrWaits = async (pushing: Promise<void>, waitersBefore: number) => {
    const waiting = lockWaiters(waitersBefore + 1);
    const outcome = await Promise.race([pushing.then(() => 'ends' as const), waiting.reached.then(() => 'waits' as const)]);
    waiting.stop();
    return outcome;
  };

  /**
   * A pushes `aBatch` in a transaction held open (its record `heldId` locked elsewhere), then B pushes `bBatch`: whether
   * B's push ends meanwhile or waits for a lock; then A's is let go and both finish.
   */
  const whileAPushes = async (heldId: string, aBatch: UnionRecord[], bBatch: UnionRecord[]) => {
    const held = await holdRecord(dbUrl, heldId);
    let b: Promise<void> = Promise.resolve();
    try {
      const a = push('A', aBatch);
      await lockWaiters(1).reached;
      b = push('B', bBatch);
      const outcome = await endsOrWaits(b, 1);
      await held.release();
      await Promise.all([a, b]);
      return outcome;
    } finally {
      await held.release().catch(() => undefined);
      await b.catch(() => undefined);
    }
  };

  it('pushes of two schools run side by side: B is not held up while the push of A waits', async () => {
    await push('A', [rec('40', 'Truyện cổ tích Việt Nam', 'Nguyễn Đổng Chi', '9786040000040', 3)]);
    // A's push (only a copy lent: its work does not change) waits on its own row, inside its transaction. B's push
    // shares no work with it: it is stored while A's is still open (one lock for all schools made it wait).
    expect(await whileAPushes('40', [{ ...rec('40', 'Truyện cổ tích Việt Nam', 'Nguyễn Đổng Chi', '9786040000040', 3), available: 2 }],
      [rec('41', 'Biển đảo Lý Sơn', 'Phạm Văn Hoà', '9786040000041', 2)])).toBe('ends');
    await expectConsistent();
    expect((await search('truyen co tich')).results[0].holdings).toEqual([{ school: 'A', available: 2, total: 3 }]);
  });

  it('two schools pushing one new ISBN at the same moment make one work: the second waits on the key, not on the school', async () => {
    await push('A', [rec('50', 'Sổ tay kiến thức', 'Lê Minh', null, 1)]);
    // A sends a new title with an ISBN no school had, in a batch that waits (on its record 50) before it commits.
    // B sends the same ISBN (typed under another title): it must wait for A's push, or it would make a work of its own.
    expect(await whileAPushes('50',
      [{ ...rec('50', 'Sổ tay kiến thức', 'Lê Minh', null, 1), available: 0 }, rec('51', 'Cánh đồng hoa vàng', 'Trần Thu Hà', '9786040000051', 4)],
      [rec('61', 'Hoa vàng trên cỏ xanh', 'Nhiều tác giả', '978-604-0-00005-1', 2)])).toBe('waits');
    await expectConsistent();
    expect((await search('hoa vang')).results.map((w) => w.holdings)).toEqual([[
      { school: 'A', available: 4, total: 4 }, { school: 'B', available: 2, total: 2 },
    ]]);
  });

  it('a push joining a work by one key holds every key of that work: another school splitting it off waits, the works stay exact', async () => {
    // One work: A's record (ISBN X, title "Thơ tuổi thơ") and B's (ISBN X, another title).
    await push('A', [rec('80', 'Thơ tuổi thơ', 'Trần Đăng Khoa', '9786040000080', 2)]);
    await push('B', [rec('81', 'Góc sân và khoảng trời', 'Trần Đăng Khoa', '9786040000080', 1)]);
    await push('A', [rec('82', 'Em bé quê hương', 'Võ Quảng', null, 1)]);
    // A joins that work through the title only (no ISBN), in a batch that waits before it commits. B gives its record
    // another ISBN (it leaves the work): it touches none of A's own keys, only the work's ISBN.
    expect(await whileAPushes('82',
      [{ ...rec('82', 'Em bé quê hương', 'Võ Quảng', null, 1), available: 0 }, rec('83', 'Thơ tuổi thơ', 'Trần Đăng Khoa', null, 4)],
      [rec('81', 'Góc sân và khoảng trời', 'Trần Đăng Khoa', '9786040000099', 1)])).toBe('waits');
    await expectConsistent();
    expect((await search('tho tuoi tho')).results.map((w) => w.holdings)).toEqual([[{ school: 'A', available: 6, total: 6 }]]);
    expect((await search('goc san')).results.map((w) => w.holdings)).toEqual([[{ school: 'B', available: 1, total: 1 }]]);
  });

  it('a push that PostgreSQL aborts as a deadlock is run again and stored whole', async () => {
    // One work: B's record and A's share an ISBN. A changing its title locks its own keys first, then (second round)
    // the keys of B's record. Another connection holds B's title key and then asks for A's old title key: a deadlock.
    // That connection waits 10 s before checking, so the push (1 s, the default) is the one PostgreSQL aborts.
    await push('B', [rec('90', 'Cây tre trăm đốt', 'Nguyễn Văn X', '9786040000090', 2)]);
    await push('A', [rec('91', 'Tre xanh', 'Lê Y', '9786040000090', 1)]);
    const other = new pg.Client({ connectionString: dbUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query("SET LOCAL deadlock_timeout = '10s'");
      await other.query('SELECT 1 FROM union_work_key WHERE key = $1 FOR UPDATE', ['t:cay tre tram dot|nguyen van x']);
      const pushing = push('A', [rec('91', 'Tre xanh mãi mãi', 'Lê Y', '9786040000090', 1)]);
      await lockWaiters(1).reached;
      const otherLock = other.query('SELECT 1 FROM union_work_key WHERE key = $1 FOR UPDATE', ['t:tre xanh|le y']);
      // Only once the push was aborted (and let its keys go) can the other connection have the key it asked for.
      await otherLock;
      await other.query('COMMIT');
      await pushing;
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
    }
    await expectConsistent();
    expect((await search('tre xanh mai mai')).results.map((w) => w.holdings)).toEqual([[
      { school: 'A', available: 1, total: 1 }, { school: 'B', available: 2, total: 2 },
    ]]);
  });

  it('a school added after the first searches shows under its own name, schools in Vietnamese order', async () => {
    await push('A', [rec('70', 'Quê hương biển đảo', 'Lý Sơn', '9786040000070', 2)]);
    await push('C', [rec('71', 'Quê hương biển đảo', 'Lý Sơn', '9786040000070', 1)]);
    expect((await search('que huong')).results[0].holdings.map((h) => h.school)).toEqual(['A', 'C']);
    keys['Ấp Bắc'] = (await addSchool(db, 'Ấp Bắc', 'test')).key;
    await push('Ấp Bắc', [rec('5', 'Quê hương biển đảo', 'Lý Sơn', '9786040000070', 3)]);
    expect((await search('que huong')).results[0].holdings).toEqual([
      { school: 'A', available: 2, total: 2 }, { school: 'Ấp Bắc', available: 3, total: 3 }, { school: 'C', available: 1, total: 1 },
    ]);
  });

  it('the migration groups the records pushed before it (backfill)', async () => {
    const url = await freshPgDatabase('union_works_backfill');
    const { db: old } = await openUnion(url, { migrate: true, migrationsUpTo: 'UnionWordIndex1765100001000' });
    await old.query("INSERT INTO union_school (id, name) VALUES (1, 'A'), (2, 'B')");
    const insert = (school: number, id: string, isbn: string | null, title: string, author: string) => old.query(
      `INSERT INTO union_record (school_id, id, title, authors, isbn, title_key, author_key, search_text, total, available)
       VALUES ($1, $2, $3, ARRAY[$4], $5, $6, $7, $8, 2, 1)`,
      [school, id, title, author, isbn, title.toLowerCase(), author.toLowerCase(), ` ${title.toLowerCase()} ${author.toLowerCase()}`]);
    await insert(1, '1', '9786040000001', 'tho', 'an');
    await insert(2, '1', null, 'tho', 'an');
    await insert(2, '2', '9786040000001', 'tho moi', 'binh');
    await insert(2, '3', null, 'truyen', 'an');
    await old.destroy();
    const { db: upgraded, applied } = await openUnion(url, { migrate: true });
    try {
      expect(applied).toEqual(['UnionWorks1765100002000', 'UnionWorkKeys1765100003000', 'UnionHoldingsIndex1765100004000']);
      const found = await unionSearch(upgraded, unionSearchParams.parse({ q: 'tho' }));
      expect(found.total).toBe(1);
      expect(found.results[0].holdings).toEqual([{ school: 'A', available: 1, total: 2 }, { school: 'B', available: 2, total: 4 }]);
      expect((await unionSearch(upgraded, unionSearchParams.parse({ q: 'truyen' }))).total).toBe(1);
    } finally {
      await closeUnion(upgraded);
    }
  });
});
