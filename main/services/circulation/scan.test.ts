import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countStatements } from '../../db/statement-count';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

let ctx: TestContext;
const readerId = (code: string) => (ctx.sql.prepare('SELECT id FROM reader WHERE code = ?').get(code) as { id: number }).id;

beforeEach(async () => {
  ctx = await tempContext(); // today = Thursday 2026-11-26
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
});
afterEach(async () => ctx.cleanup());

const statementsOf = <T>(work: () => Promise<T>) => countStatements(ctx.sql, work);

describe('the desk reads once', () => {
  it('a lending scan runs at most 8 statements and its panel is the panel read afresh', async () => {
    const hoa = readerId('220561001');
    // Warm up: a first loan, so the reader has an open loan and the statements are prepared.
    await ctx.call('circulation.scan', { code: 'STN000001', readerId: hoa, mode: 'lend' });
    const { result, statements } = await statementsOf(() => ctx.call('circulation.scan', { code: 'STN000002', readerId: hoa, mode: 'lend' }));
    expect(result.action).toBe('checkout');
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(8);
    if (result.action !== 'checkout') return;
    // The panel built from the rows the scan read equals the one the desk reads on its own.
    expect(result.panel).toEqual(await ctx.call('circulation.panel', { readerId: hoa }));
    expect(result.panel.loans.map((l) => l.copyCode).sort()).toEqual(['STN000001', 'STN000002']);
    expect(result.loan).toEqual(result.panel.loans.find((l) => l.copyCode === 'STN000002'));
  });

  it('a return scan and a card scan give the same panel as the desk reads afresh', async () => {
    const hoa = readerId('220561001');
    for (const code of ['STN000001', 'SGK000001']) await ctx.call('circulation.scan', { code, readerId: hoa, mode: 'lend' });
    const back = await ctx.call('circulation.scan', { code: 'STN000001', readerId: null, mode: 'lend' });
    expect(back.action).toBe('return');
    if (back.action === 'return') expect(back.panel).toEqual(await ctx.call('circulation.panel', { readerId: hoa }));
    const card = ctx.sql.prepare('SELECT card_number AS c FROM reader WHERE id = ?').get(hoa) as { c: string };
    const opened = await ctx.call('circulation.scan', { code: card.c, readerId: null, mode: 'visit' });
    expect(opened.action).toBe('reader');
    if (opened.action === 'reader') expect(opened.panel).toEqual(await ctx.call('circulation.panel', { readerId: hoa }));
  });
});
