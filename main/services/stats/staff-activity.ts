import { BEFORE_ACCOUNTS, roleLabel } from '../../../shared/accounts';
import type { StaffActivity } from '../../../shared/contract/stats';
import { allAccounts, loanActivity } from '../../db/queries/accounts';
import type { ServiceContext } from '../context';

const pad = (n: number) => String(n).padStart(2, '0');
const monthOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;

/**
 * Loans and returns per account per month, in the library computer's local time (who helps how much: the school can
 * thank its pupil helpers). Loans made before accounts existed count under "Thủ thư (trước khi có tài khoản)".
 */
export function staffActivity(ctx: ServiceContext, from: string, to: string): StaffActivity {
  const start = new Date(`${from}T00:00:00`);
  const end = new Date(`${to}T00:00:00`);
  end.setDate(end.getDate() + 1);
  const months: string[] = [];
  for (const d = new Date(start.getFullYear(), start.getMonth(), 1); d < end; d.setMonth(d.getMonth() + 1)) months.push(monthOf(d));
  const index = new Map(months.map((m, i) => [m, i]));
  const accounts = new Map(allAccounts(ctx.sql).map((a) => [a.id, a]));
  const rows = new Map<number | null, StaffActivity['rows'][number]>();
  for (const r of loanActivity(ctx.sql, start.toISOString(), end.toISOString())) {
    const i = index.get(monthOf(new Date(r.at)));
    if (i === undefined) continue;
    let row = rows.get(r.accountId);
    if (!row) {
      const a = r.accountId !== null ? accounts.get(r.accountId) : undefined;
      row = {
        accountId: r.accountId, name: a?.name ?? BEFORE_ACCOUNTS, roleLabel: a ? roleLabel(a.role) : '',
        perMonth: months.map((month) => ({ month, loans: 0, returns: 0 })), loans: 0, returns: 0,
      };
      rows.set(r.accountId, row);
    }
    if (r.kind === 'loan') {
      row.perMonth[i].loans++;
      row.loans++;
    } else {
      row.perMonth[i].returns++;
      row.returns++;
    }
  }
  return { months, rows: [...rows.values()].sort((a, b) => b.loans + b.returns - (a.loans + a.returns) || a.name.localeCompare(b.name, 'vi')) };
}
