import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../main/services/demo';
import { generatedFile } from '../main/services/files/handlers';
import { tempContext, type TestContext } from '../main/test-utils';
import { registerKinds } from '../shared/contract/registers';
import { machineText } from './machine-text';
import { pdfText } from './pdf-read';

/**
 * Every kind of print, made from the demo library: what a person reads on paper has no ISO date and no
 * field key (issue 9, item 12). pdfText reads the PDF the way a viewer would.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
}, 120_000);
afterAll(async () => ctx?.cleanup());

const textOf = (fileName: string) => pdfText(generatedFile(ctx, fileName));

describe('prints from the demo library carry no text that is not for people', () => {
  it.each(registerKinds)('register %s', async (kind) => {
    if (kind === 'baochi') {
      const p = await ctx.call('periodicals.save', { name: 'Báo Thiếu niên Tiền phong', publisher: 'Trung ương Đoàn', frequency: 'Tuần', copiesOrdered: 2 });
      await ctx.call('periodicals.receive', { periodicalId: p.id, receivedOn: '2026-11-27', issueNumber: '48', copies: 2 });
    }
    const r = await ctx.call('registers.print', { kind });
    expect(machineText(await textOf(r.fileName))).toEqual([]);
  }, 120_000);

  it.each(['year', 'term1', 'term2', 'month'] as const)('report %s', async (period) => {
    const r = await ctx.call('reports.print', { period, month: period === 'month' ? 11 : undefined });
    expect(machineText(await textOf(r.fileName))).toEqual([]);
  }, 120_000);

  it.each(['report', 'minutes'] as const)('self-assessment %s', async (kind) => {
    const r = await ctx.call('selfcheck.print', { kind });
    expect(machineText(await textOf(r.fileName))).toEqual([]);
  }, 120_000);

  it('labels, library cards, calibration page', async () => {
    const [template] = await ctx.call('labels.listTemplates', {});
    for (const kind of ['spine', 'barcode', 'combined'] as const) {
      const r = await ctx.call('labels.print', { kind, templateId: template.id, selection: { by: 'range', from: 'STK000001', to: 'STK000040' } });
      expect(machineText(await textOf(r.fileName))).toEqual([]);
    }
    const [cls] = await ctx.call('labels.cardClasses', {});
    const cards = await ctx.call('labels.printCards', { selection: { by: 'class', className: cls.className }, backSide: true });
    expect(machineText(await textOf(cards.fileName))).toEqual([]);
    const cal = await ctx.call('labels.calibrationPdf', { templateId: template.id });
    expect(machineText(await textOf(cal.fileName))).toEqual([]);
  }, 120_000);

  it('overdue reminders and class-set lists', async () => {
    const overdue = await ctx.call('circulation.overdue', {});
    expect(overdue.rows.length).toBeGreaterThan(0);
    const r = await ctx.call('circulation.remindersPdf', {});
    expect(machineText(await textOf(r.fileName))).toEqual([]);
    const sets = await ctx.call('circulation.classSets', {});
    for (const s of sets.slice(0, 2)) {
      const p = await ctx.call('circulation.classSetPdf', { classSet: s.classSet });
      expect(machineText(await textOf(p.fileName))).toEqual([]);
    }
  }, 120_000);

  it('hold slips and arrival notices (đặt trước)', async () => {
    // A title whose shelf copies are all lent now; a pupil and a teacher reserve it; one copy comes back, held for the pupil.
    const [t] = await ctx.query(`SELECT t.id FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN'
      AND EXISTS (SELECT 1 FROM copy c WHERE c.title_id = t.id AND c.status = 'available')
      ORDER BY (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available'), t.id LIMIT 1`);
    const idle = async (kind: string) => (await ctx.query(`SELECT id FROM reader WHERE kind = ? AND active = 1
      AND id NOT IN (SELECT reader_id FROM loan WHERE returned_at IS NULL) ORDER BY id LIMIT 1`, [kind]))[0].id as number;
    const codes = (await ctx.query("SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available'", [t.id])).map((c) => c.code as string);
    const lender = await idle('student');
    for (const code of codes) await ctx.call('circulation.checkout', { readerId: lender, code });
    const pupil = await idle('student');
    await ctx.call('reservations.place', { titleId: t.id, readerId: pupil });
    await ctx.call('reservations.place', { titleId: t.id, readerId: await idle('teacher') });
    expect((await ctx.call('circulation.return', { code: codes[0] })).hold).toBeTruthy();
    const slip = await ctx.call('reservations.slipPdf', { ids: [] });
    expect(machineText(await textOf(slip.fileName))).toEqual([]);
    const notices = await ctx.call('reservations.noticesPdf', {});
    expect(machineText(await textOf(notices.fileName))).toEqual([]);
  }, 120_000);

  it('stocktake list and minutes', async () => {
    const st = await ctx.call('stocktake.start', { name: 'Kiểm kê thử', schoolYear: '2026-2027', scope: ['STK'] });
    for (const kind of ['list', 'minutes'] as const) {
      const r = await ctx.call('stocktake.printPdf', { stocktakeId: st.id, kind });
      expect(machineText(await textOf(r.fileName))).toEqual([]);
    }
  }, 120_000);
});
