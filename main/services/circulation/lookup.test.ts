import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

let ctx: TestContext;
const one = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).get(...params) as T;
/** Everything a scan could write: loans, copy statuses, visits, audit entries. */
const snapshot = () => JSON.stringify([
  ctx.sql.prepare('SELECT * FROM loan ORDER BY id').all(),
  ctx.sql.prepare('SELECT id, status FROM copy ORDER BY id').all(),
  ctx.sql.prepare('SELECT COUNT(*) AS n FROM visit').all(),
  ctx.sql.prepare('SELECT COUNT(*) AS n FROM audit_log').all(),
]);

beforeEach(async () => {
  ctx = await tempContext(); // today = 2026-11-26
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
});
afterEach(async () => ctx.cleanup());

describe('circulation.lookup (a scan away from the desk)', () => {
  it('shows an on-loan copy with its holder and due date, and writes nothing', async () => {
    const hoa = one<{ id: number; card_number: string }>("SELECT id, card_number FROM reader WHERE code = '220561001'");
    await ctx.call('circulation.checkout', { readerId: hoa.id, code: 'STN000001' });
    // Four days overdue.
    ctx.sql.prepare("UPDATE loan SET due_at = '2026-11-22'").run();
    const before = snapshot();
    const r = await ctx.call('circulation.lookup', { code: ' stn000001 ' });
    expect(r).toEqual({
      kind: 'copy',
      copy: { code: 'STN000001', title: 'Dế Mèn phiêu lưu ký', status: 'onLoan' },
      loan: expect.objectContaining({ readerId: hoa.id, readerName: 'Trương Kim Hoa', cardNumber: hoa.card_number, dueAt: '2026-11-22', overdueDays: 4 }),
    });
    expect(snapshot()).toBe(before);
  });

  it('a copy on the shelf, a card and an ISBN are recognised; an unknown code is a Vietnamese error', async () => {
    expect(await ctx.call('circulation.lookup', { code: 'STN000002' })).toMatchObject({ kind: 'copy', copy: { status: 'available' }, loan: null });
    const card = one<{ card_number: string }>("SELECT card_number FROM reader WHERE code = '220561001'").card_number;
    expect(await ctx.call('circulation.lookup', { code: card })).toMatchObject({ kind: 'reader', fullName: 'Trương Kim Hoa' });
    expect(await ctx.call('circulation.lookup', { code: '9780194798792' })).toMatchObject({ kind: 'title', title: "Oxford Advanced Learner's Dictionary" });
    await expect(ctx.call('circulation.lookup', { code: 'XYZ-1' })).rejects.toMatchObject({ code: 'SCAN_UNKNOWN', message: expect.stringContaining('Không nhận ra mã') });
  });
});
