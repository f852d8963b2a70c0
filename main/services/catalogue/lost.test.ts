import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
});
afterEach(async () => ctx.cleanup());

describe('lost copies for a withdrawal minute', () => {
  it('lists copies lost at the desk and says which ones the reader paid for', async () => {
    const lost = await ctx.call('withdrawal.lostCopies', {});
    const [{ n: lostAtDesk }] = await ctx.query("SELECT COUNT(*) AS n FROM copy WHERE status = 'lost'");
    expect(lost).toHaveLength(lostAtDesk);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((c) => c.compensated)).toBe(true);

    const [first] = lost;
    await ctx.query('UPDATE loan SET compensation = NULL, compensation_amount = NULL WHERE copy_id = ?', [first.id]);
    const after = await ctx.call('withdrawal.lostCopies', {});
    expect(after.find((c) => c.id === first.id)?.compensated).toBe(false);
  });
});
