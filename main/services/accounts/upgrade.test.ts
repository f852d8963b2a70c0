import { afterEach, describe, expect, it } from 'vitest';
import { BEFORE_ACCOUNTS } from '../../../shared/accounts';
import { createDataSource } from '../../db/data-source';
import { Accounts1764140020000 } from '../../db/migrations/1764140020000-accounts';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { openContext } from '../../app-context';

let ctx: TestContext;
afterEach(async () => ctx?.cleanup());

const tableCounts = (sql: TestContext['sql']) => Object.fromEntries(
  (sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name").pluck().all() as string[])
    .map((t) => [t, (sql.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number)]),
);

describe('upgrading a library from before accounts (issue 20)', () => {
  it('keeps every row, adds the one Thủ thư account, and names the old audit rows "Thủ thư (trước khi có tài khoản)"', async () => {
    ctx = await tempContext();
    await generateDemo(ctx.sql, { seed: 3, copies: 120, students: 30, teachers: 4, loans: 40, titles: 40, now: ctx.now() });
    await ctx.database.close();
    // Back to the level before this issue: the accounts migration undone, as a database of the previous release.
    const old = createDataSource(ctx.databaseFile);
    await old.initialize();
    const runner = old.createQueryRunner();
    await new Accounts1764140020000().down(runner);
    await runner.query("DELETE FROM migrations WHERE name = 'Accounts1764140020000'");
    await runner.query("INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES ('2026-11-20T02:00:00.000Z', '', 'plan.create', 'plan', NULL, '{\"year\":\"2026-2027\"}')");
    await runner.release();
    const oldSql = (old.driver as unknown as { databaseConnection: TestContext['sql'] }).databaseConnection;
    const before = tableCounts(oldSql);
    expect(before.account).toBeUndefined();
    await old.destroy();

    const upgraded = await openContext({ dataDir: ctx.dataDir, databaseFile: ctx.databaseFile, mode: 'cli', emit: () => undefined, now: ctx.now });
    try {
      const after = tableCounts(upgraded.sql);
      const { account, selfcheck_approval: approvals, migrations, ...rest } = after;
      const { migrations: migrationsBefore, ...restBefore } = before;
      expect(rest).toEqual(restBefore);
      expect(migrations).toBe(migrationsBefore + 1);
      expect(account).toBe(1);
      expect(approvals).toBe(0);
      expect(upgraded.sql.prepare('SELECT name, role, password_hash AS pw, disabled FROM account').get()).toEqual({ name: 'Thủ thư', role: 'thu-thu', pw: null, disabled: 0 });
      // The log stays append-only (the columns were added in place, the triggers kept).
      expect(() => upgraded.sql.prepare("UPDATE audit_log SET actor = 'ai đó'").run()).toThrow(/không được sửa/);
      const { dispatch } = await import('../dispatch');
      const r = await dispatch(upgraded, 'audit.list', { limit: 200 });
      expect(r.ok).toBe(true);
      const rows = (r as { value: { rows: { who: string; accountId: number | null }[] } }).value.rows;
      expect(rows.length).toBe(before.audit_log);
      expect(new Set(rows.map((x) => x.who))).toEqual(new Set([BEFORE_ACCOUNTS]));
      // It opens straight into the Thủ thư account, which still needs its password (the first start).
      expect(await dispatch(upgraded, 'session.current', {})).toMatchObject({ ok: true, value: { setupNeeded: true, openStraightIn: true, account: { name: 'Thủ thư' } } });
    } finally {
      await upgraded.database.close();
    }
  });
});
