import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { pdfPageSizes, pdfText } from '../../../tests/pdf-read';

let ctx: TestContext;
let nhanDan: number, toan: number, thieuNien: number;

beforeAll(async () => {
  ctx = await tempContext();
  nhanDan = (await ctx.call('periodicals.save', { name: 'Báo Nhân Dân', publisher: 'Báo Nhân Dân', frequency: 'hằng ngày', language: 'vi', copiesOrdered: 2 })).id;
  toan = (await ctx.call('periodicals.save', { name: '  Tạp chí   Toán Tuổi thơ ', publisher: 'NXB Giáo dục Việt Nam', frequency: 'hằng tháng' })).id;
  thieuNien = (await ctx.call('periodicals.save', { name: 'Báo Thiếu niên Tiền phong và Nhi đồng', publisher: 'Trung ương Đoàn TNCS Hồ Chí Minh', frequency: '2 số/tuần' })).id;
}, 60_000);
afterAll(async () => ctx?.cleanup());

const audits = (action: string) => ctx.sql.prepare('SELECT entity_id AS id, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { id: number; details: string }[];

describe('periodicals.save', () => {
  it('rejects a missing name, a bad number of copies and a duplicate name with Vietnamese messages', async () => {
    await expect(ctx.call('periodicals.save', { name: '   ' })).rejects.toThrow('Hãy nhập tên báo, tạp chí.');
    await expect(ctx.call('periodicals.save', { name: 'Báo Giáo dục và Thời đại', copiesOrdered: 0 })).rejects.toThrow('Số bản đặt ít nhất là 1.');
    await expect(ctx.call('periodicals.save', { name: 'báo nhân dân' })).rejects.toMatchObject({ code: 'DUPLICATE', message: 'Đã có báo, tạp chí "Báo Nhân Dân" trong sổ.' });
    await expect(ctx.call('periodicals.save', { id: 9999, name: 'Báo Mực Tím' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores clean text, defaults, lists in Vietnamese order and audits updates', async () => {
    const list = await ctx.call('periodicals.list', {});
    expect(list.map((p) => p.name)).toEqual(['Báo Nhân Dân', 'Báo Thiếu niên Tiền phong và Nhi đồng', 'Tạp chí Toán Tuổi thơ']);
    const t = list.find((p) => p.id === toan)!;
    expect(t).toMatchObject({ language: 'vi', copiesOrdered: 1, active: true, lastIssueNumber: null });
    const updated = await ctx.call('periodicals.save', { ...t, copiesOrdered: 3 });
    expect(updated.copiesOrdered).toBe(3);
    expect(audits('periodical.create').map((a) => a.id)).toEqual([nhanDan, toan, thieuNien]);
    const upd = audits('periodical.update');
    expect(upd).toHaveLength(1);
    expect(JSON.parse(upd[0].details)).toMatchObject({ before: { copiesOrdered: 1 }, after: { copiesOrdered: 3 } });
  });
});

describe('periodicals.receive and periodicals.issues', () => {
  it('records an issue, and re-recording the same day replaces it (audited)', async () => {
    const first = await ctx.call('periodicals.receive', { periodicalId: nhanDan, receivedOn: '2026-11-25', issueNumber: '25010' });
    expect(first.replaced).toBeNull();
    const again = await ctx.call('periodicals.receive', { periodicalId: nhanDan, receivedOn: '2026-11-25', issueNumber: '25011', copies: 2 });
    expect(again.replaced).toMatchObject({ issueNumber: '25010', copies: 1 });
    const rows = ctx.sql.prepare("SELECT issue_number AS n, copies FROM periodical_issue WHERE periodical_id = ? AND received_on = '2026-11-25'").all(nhanDan);
    expect(rows).toEqual([{ n: '25011', copies: 2 }]);
    const replace = audits('periodical.issue.replace');
    expect(replace).toHaveLength(1);
    expect(JSON.parse(replace[0].details)).toMatchObject({ before: [{ issueNumber: '25010' }], after: { issueNumber: '25011' } });
    expect((await ctx.call('periodicals.list', {})).find((p) => p.id === nhanDan)).toMatchObject({ lastReceivedOn: '2026-11-25', lastIssueNumber: '25011' });
  });

  it('validates the issue', async () => {
    await expect(ctx.call('periodicals.receive', { periodicalId: nhanDan, receivedOn: '2026-11-24', issueNumber: ' ' })).rejects.toThrow('Hãy nhập số báo.');
    await expect(ctx.call('periodicals.receive', { periodicalId: nhanDan, receivedOn: '2026-02-30', issueNumber: '1' })).rejects.toThrow('Ngày nhận: Ngày không đọc được: hãy nhập ngày/tháng/năm có thật, ví dụ 30/11/2026.');
    await expect(ctx.call('periodicals.receive', { periodicalId: nhanDan, receivedOn: '2026-11-27', issueNumber: '1' })).rejects.toThrow('Ngày nhận không được sau hôm nay (26/11/2026).');
    await expect(ctx.call('periodicals.receive', { periodicalId: nhanDan, receivedOn: '2026-11-24', issueNumber: '1', copies: 0 })).rejects.toThrow('Số bản nhận ít nhất là 1.');
    await expect(ctx.call('periodicals.receive', { periodicalId: 9999, receivedOn: '2026-11-24', issueNumber: '1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists the issues of a school year (1 August – 31 July)', async () => {
    for (const [d, n] of [['2025-09-15', '261'], ['2026-07-31', '271'], ['2026-08-01', '272'], ['2026-09-15', '273'], ['2026-11-15', '275']]) {
      await ctx.call('periodicals.receive', { periodicalId: toan, receivedOn: d, issueNumber: n });
    }
    expect((await ctx.call('periodicals.issues', { periodicalId: toan, year: '2025-2026' })).map((i) => [i.receivedOn, i.issueNumber]))
      .toEqual([['2025-09-15', '261'], ['2026-07-31', '271']]);
    expect((await ctx.call('periodicals.issues', { periodicalId: toan, year: '2026-2027' })).map((i) => i.issueNumber)).toEqual(['272', '273', '275']);
    expect(await ctx.call('periodicals.issues', { periodicalId: thieuNien, year: '2026-2027' })).toEqual([]);
    await expect(ctx.call('periodicals.issues', { periodicalId: toan, year: '2026-2028' })).rejects.toThrow('Năm học phải gồm hai năm liên tiếp');
  });
});

describe('Sổ đăng ký báo, tạp chí (PDF)', () => {
  let file: string;
  let pages: string[];
  let sizes: [number, number][];
  const page = (n: number) => pages[n - 1];
  beforeAll(async () => {
    for (const [d, n] of [['2026-11-03', '89'], ['2026-11-06', '90'], ['2026-11-24', '95']]) {
      await ctx.call('periodicals.receive', { periodicalId: thieuNien, receivedOn: d, issueNumber: n });
    }
    file = (await ctx.call('registers.print', { kind: 'baochi', year: '2026-2027' })).path;
    pages = (await pdfText(file)).split('\f').slice(0, -1);
    sizes = await pdfPageSizes(file);
  }, 60_000);

  it('has a cover and one landscape page per periodical, in Vietnamese order', () => {
    expect(sizes).toHaveLength(4);
    for (const [w, h] of sizes) expect(w).toBeGreaterThan(h);
    expect(page(1)).toContain('SỔ ĐĂNG KÝ BÁO, TẠP CHÍ');
    expect(page(1)).toContain('Năm học 2026-2027');
    const names = ['Báo Nhân Dân', 'Báo Thiếu niên Tiền phong và Nhi đồng', 'Tạp chí Toán Tuổi thơ'];
    names.forEach((name, i) => {
      const t = page(i + 2);
      expect(t).toContain('SỔ ĐĂNG KÝ BÁO, TẠP CHÍ');
      expect(t).toContain(`Tên báo, tạp chí: ${name}`);
      for (const other of names.filter((o) => o !== name)) expect(t).not.toContain(other);
    });
    expect(page(2)).toMatch(/Kỳ hạn xuất bản: hằng ngày/);
    expect(page(2)).toMatch(/Ngôn ngữ: Tiếng Việt/);
    expect(page(2)).toMatch(/Số bản đặt: 2/);
    expect(page(4)).toMatch(/Cơ quan xuất bản: NXB Giáo dục Việt Nam/);
  });

  it('has the days 1–31 as columns and the months August → July as rows', () => {
    const t = page(3);
    const header = t.split('\n').find((l) => /^\s*1\s+2\s+3\s+4\b/.test(l))!;
    expect(header.trim().split(/\s+/)).toEqual(Array.from({ length: 31 }, (_, i) => String(i + 1)));
    expect(t).toMatch(/Tháng\s+Cộng/);
    expect(t).toContain('Số báo nhận theo ngày');
    const months = t.split('\n').map((l) => /^\s*(\d{1,2}\/\d{4})\b/.exec(l)?.[1]).filter(Boolean);
    expect(months).toEqual(['8/2026', '9/2026', '10/2026', '11/2026', '12/2026', '1/2027', '2/2027', '3/2027', '4/2027', '5/2027', '6/2027', '7/2027']);
  });

  it('puts each issue number in its month row, in the column of its day, with the month count', () => {
    const lines = page(3).split('\n');
    const header = lines.find((l) => /^\s*1\s+2\s+3\s+4\b/.test(l))!;
    const nov = lines.find((l) => /^\s*11\/2026\b/.test(l))!;
    expect(nov.trim().split(/\s+/)).toEqual(['11/2026', '89', '90', '95', '3']);
    // Each number sits under its day header (column centres agree within two characters).
    const centre = (line: string, token: string) => {
      const m = new RegExp(`(?<=\\s)${token}(?=\\s|$)`).exec(line)!;
      return m.index + token.length / 2;
    };
    const dayCol = (d: number) => centre(header, String(d));
    expect(Math.abs(centre(nov, '89') - dayCol(3))).toBeLessThanOrEqual(2);
    expect(Math.abs(centre(nov, '90') - dayCol(6))).toBeLessThanOrEqual(2);
    expect(Math.abs(centre(nov, '95') - dayCol(24))).toBeLessThanOrEqual(2);
    for (const l of lines.filter((x) => /^\s*\d{1,2}\/\d{4}\b/.test(x) && !x.includes('11/2026'))) expect(l.trim().split(/\s+/)).toHaveLength(1);
    const toanPage = page(4).split('\n');
    expect(toanPage.find((l) => /^\s*8\/2026\b/.test(l))!.trim().split(/\s+/)).toEqual(['8/2026', '272', '1']);
    expect(toanPage.find((l) => /^\s*9\/2026\b/.test(l))!.trim().split(/\s+/)).toEqual(['9/2026', '273', '1']);
    expect(toanPage.find((l) => /^\s*Tổng cộng\b/.test(l))!.trim().split(/\s+/)).toEqual(['Tổng', 'cộng', '3']);
    // The replaced Nhân Dân issue is not printed; its replacement is.
    expect(page(2)).toContain('25011');
    expect(page(2)).not.toContain('25010');
  });

  it('refuses an empty register', async () => {
    const empty = await tempContext();
    try {
      await expect(empty.call('registers.print', { kind: 'baochi' })).rejects.toMatchObject({ code: 'NO_DATA' });
    } finally {
      await empty.cleanup();
    }
  });
});
