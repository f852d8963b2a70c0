import { todayIso } from '../../../shared/dates';
import { addDigitalView } from '../../db/queries/digital';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';

/** How often the gathered views are written (and at close). */
export const VIEW_FLUSH_MS = 5_000;
/** Distinct (resource, address) pairs remembered in a day; beyond that, further ones are not counted. */
const SEEN_MAX = 200_000;

/**
 * Lượt xem of the Thư viện số on the school network (TT 16 figures): a view counts once per resource,
 * address and day, however many requests (ranges, reloads, a phone asking for one byte at a time) it
 * takes. Views are gathered in memory and written in one small transaction at most every few seconds and
 * at close, so a flood of requests never costs the desk an fsync each.
 */
export class ViewCounter {
  private day = '';
  private readonly seen = new Set<string>();
  /** "resourceId|month" → views not yet written. */
  private readonly pending = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ctx: ServiceContext, intervalMs = VIEW_FLUSH_MS) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  /** One opening of resource `id` from `address`; counted only the first time today. */
  record(id: number, address: string): void {
    const today = todayIso(this.ctx.now());
    if (today !== this.day) {
      this.day = today;
      this.seen.clear();
    }
    const key = `${id}|${address}`;
    if (this.seen.has(key) || this.seen.size >= SEEN_MAX) return;
    this.seen.add(key);
    const slot = `${id}|${today.slice(0, 7)}`;
    this.pending.set(slot, (this.pending.get(slot) ?? 0) + 1);
  }

  /** Writes the gathered views in one transaction; kept for the next time if the database is busy. */
  flush(): void {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    try {
      const sql = this.ctx.sql;
      transaction(sql, () => {
        for (const [slot, n] of batch) {
          const [id, month] = slot.split('|');
          addDigitalView(sql, Number(id), month, n);
        }
      });
    } catch (error) {
      for (const [slot, n] of batch) this.pending.set(slot, (this.pending.get(slot) ?? 0) + n);
      console.error('[opac] đếm lượt xem tài liệu số:', error);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
