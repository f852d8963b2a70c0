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

  it('stocktake list and minutes', async () => {
    const st = await ctx.call('stocktake.start', { name: 'Kiểm kê thử', schoolYear: '2026-2027', scope: ['STK'] });
    for (const kind of ['list', 'minutes'] as const) {
      const r = await ctx.call('stocktake.printPdf', { stocktakeId: st.id, kind });
      expect(machineText(await textOf(r.fileName))).toEqual([]);
    }
  }, 120_000);
});
