import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heldCopies } from '../../../shared/stock';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { opacSearch, opacTitleDetail } from '../opac/search';
import { importReadersFile } from '../readers/import';
import { importCatalogueFile } from './import';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await tempContext();
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
});
afterEach(async () => ctx.cleanup());

const copyId = (code: string) => ctx.sql.prepare('SELECT id FROM copy WHERE accession_code = ?').pluck().get(code) as number;
const readerId = (code: string) => ctx.sql.prepare('SELECT id FROM reader WHERE code = ?').pluck().get(code) as number;

describe('one count of the copies a title holds (shared/stock.ts heldCopies), issue 18.7', () => {
  it('Biên mục and the OPAC give the same total: weeded and lost copies are not held, they are shown apart', async () => {
    // Dế Mèn phiêu lưu ký: STN000001–STN000005. One lent, one lost, one weeded, two on the shelf.
    await ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STN000001' });
    const lost = await ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000002' });
    await ctx.call('circulation.markLost', { loanId: lost.loan.id, compensation: 'none' });
    const w = await ctx.call('withdrawal.saveDraft', { number: '01/BB-TV', date: '2026-11-25', approvalDate: '2026-11-25', items: [{ copyId: copyId('STN000003'), reason: 'damaged' }] });
    await ctx.call('withdrawal.confirm', { id: w.id });

    const [hit] = (await ctx.call('catalogue.search', { query: 'de men' })).items;
    expect(hit).toMatchObject({ title: 'Dế Mèn phiêu lưu ký', available: 2, onLoan: 1, withdrawn: 1, lost: 1, copies: 3 });
    expect(hit.copies).toBe(heldCopies({ available: 2, onLoan: 1, withdrawn: 1, lost: 1 }));

    const sql = ctx.sql;
    const [opac] = opacSearch(sql, { q: 'de men' }).results;
    expect({ available: opac.available, total: opac.total }).toEqual({ available: hit.available, total: hit.copies });
    const page = opacTitleDetail(sql, hit.id)!;
    expect({ available: page.available, total: page.total }).toEqual({ available: 2, total: 3 });
    expect(page.availability).toMatch(/^Còn 2\/3 bản/);

    // The catalogue's Excel export says the same in its "Số lượng" column.
    const file = await ctx.call('catalogue.export', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file.path);
    const titles = wb.getWorksheet('Đầu sách')!;
    const header = (titles.getRow(1).values as unknown[]).slice(1);
    const row = titles.getRows(2, titles.rowCount - 1)!.find((r) => r.getCell(header.indexOf('Nhan đề') + 1).value === 'Dế Mèn phiêu lưu ký')!;
    expect([row.getCell(header.indexOf('Số lượng') + 1).value, row.getCell(header.indexOf('Sẵn sàng') + 1).value]).toEqual([3, 2]);

    // "Tìm thấy" brings the lost copy back into the count, on the shelf.
    await ctx.call('circulation.found', { code: 'STN000002' });
    const [back] = (await ctx.call('catalogue.search', { query: 'de men' })).items;
    expect(back).toMatchObject({ available: 3, copies: 4, lost: 0 });
    expect(opacSearch(sql, { q: 'de men' }).results[0]).toMatchObject({ available: 3, total: 4 });
  });
});
