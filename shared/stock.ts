import type { CopyStatus } from './contract/catalogue';

/**
 * THE definition of "trong kho" (in stock), used by every figure the app shows or prints
 * (Thống kê, `stats --json`, báo cáo kỳ, báo cáo tự đánh giá, mục lục, chọn nhãn):
 *
 *   a copy is in stock when the library still holds it — on the shelf (`available`) or lent out
 *   (`onLoan`, it comes back) — and NOT when it was withdrawn (`withdrawn`, thanh lọc by a biên
 *   bản xuất) or recorded lost (`lost`, mất: not on a shelf, not counted until "Tìm thấy").
 *
 * The copies a title "has" (Biên mục's "15 / 16", the OPAC's "Còn 15/16 bản", the plan's needs, every
 * print) are its copies in stock, `heldCopies`: a title with 15 on the shelf, 1 lent and 2 weeded has 16.
 * A lost copy is not counted: it is shown apart ("1 mất") until "Tìm thấy" puts it back on the shelf or
 * a biên bản xuất (lý do "Mất") withdraws it.
 *
 * The only place that still counts a lost copy is Sổ ĐKTQ phần III: that register balances
 * "hiện còn + nhập − xuất = tồn kho" on paper, and a lost copy leaves it only by a biên bản xuất
 * (lý do "Mất") — see README, "Số liệu".
 */
export const IN_STOCK_STATUSES = ['available', 'onLoan', 'held'] as const satisfies readonly CopyStatus[];

export function isInStock(status: string): boolean {
  return (IN_STOCK_STATUSES as readonly string[]).includes(status);
}

/** The same rule as an SQL condition on a copy's status column, e.g. `inStockSql('c.status')`. */
export function inStockSql(column = 'status'): string {
  return `${column} IN (${IN_STOCK_STATUSES.map((s) => `'${s}'`).join(', ')})`;
}

/** How many copies a title holds, from its copies per status (`{ available: 15, onLoan: 1, withdrawn: 2 }` → 16). */
export function heldCopies(byStatus: Partial<Record<string, number>>): number {
  return IN_STOCK_STATUSES.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
}
