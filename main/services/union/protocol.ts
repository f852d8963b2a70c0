import { z } from 'zod';

/**
 * What a school sends to the district union catalogue (mục lục liên hợp) and what it gets back.
 * Shared by the push client (the school's app and CLI) and the union server, so the two cannot drift.
 *
 * One record per title of the school, keyed by the school's own title id: the server upserts by
 * (school, id), so a push cut at any moment and sent again gives the same union. Only titles whose
 * row, copies or loans changed since the last acknowledged cursor travel. No reader data ever travels:
 * no names, codes, cards or loans — only counts.
 */

export const UNION_PUSH_PATH = '/api/push';
/** The school's key travels in this header, never in the URL. */
export const UNION_KEY_HEADER = 'x-kesach-union-key';
/** At most this many records in one request; a larger change set goes in several batches. */
export const UNION_BATCH_MAX = 500;

export const unionRecordSchema = z.object({
  /** The school's title id (stable for the life of the title). */
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(1000),
  /** Authors as printed, in order. */
  authors: z.array(z.string().max(300)).max(50),
  isbn: z.string().max(20).nullable(),
  publisher: z.string().max(300).nullable(),
  year: z.number().int().nullable(),
  /**
   * Copies the school holds (shared/stock.ts: on the shelf or lent; not withdrawn, not lost), exactly the
   * total the school's own OPAC shows ("Còn 3/5 bản"). A title whose copies are all lost has total 0 but
   * is not `removed` until they are withdrawn (it may be found again).
   */
  total: z.number().int().min(0),
  /** Copies on the shelf now (not lent, not lost, not held). */
  available: z.number().int().min(0),
  /**
   * True when the school has no copy left that is not withdrawn (or the title was removed):
   * the server then drops the school's holding for this record.
   */
  removed: z.boolean(),
});
export type UnionRecord = z.infer<typeof unionRecordSchema>;

/** Aggregated figures for the district's statistics: numbers only. */
export const unionSummarySchema = z.object({
  students: z.number().int().min(0),
  titles: z.number().int().min(0),
  copies: z.number().int().min(0),
  digitalResources: z.number().int().min(0),
  /** Loans per month, 'YYYY-MM' → count, for the current and the previous school year. */
  loansPerMonth: z.record(z.string().regex(/^\d{4}-\d{2}$/), z.number().int().min(0)),
});
export type UnionSummary = z.infer<typeof unionSummarySchema>;

export const unionPushRequestSchema = z.object({
  protocol: z.literal(1),
  /**
   * The cursor the client believes the server acknowledged last (0 on the first push). When the
   * server's stored cursor for the school is lower (its database was restored or rebuilt), it answers
   * 409 with its own `acknowledged`, and the client sends again from there (0 = every record).
   */
  since: z.number().int().min(0),
  /** The feed position this batch ends at; the server stores it and answers it back when stored. */
  cursor: z.number().int().min(0),
  /** Sent with the last batch of a push (or alone when nothing changed). */
  summary: unionSummarySchema.nullable(),
  records: z.array(unionRecordSchema).max(UNION_BATCH_MAX),
  /**
   * A full push: every title the school has, sent after a restore or whenever the school starts again from
   * cursor 0, all its batches carrying the same `pushId`. When the batch with `last` is stored, the server
   * removes the school's records that no batch of this push carried (titles the restored school no longer
   * has). A full push cut before its last batch removes nothing; continued or repeated, it completes.
   * Absent (older clients): an ordinary push.
   */
  full: z.boolean().optional(),
  /** The full push's id (random, the same in each of its batches). */
  pushId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  /** The full push's final batch. */
  last: z.boolean().optional(),
}).refine((r) => !r.full || r.pushId !== undefined, { message: 'Lần đẩy toàn bộ (full) cần mã lần đẩy (pushId).', path: ['pushId'] });
export type UnionPushRequest = z.infer<typeof unionPushRequestSchema>;

export const unionPushResponseSchema = z.object({
  /** The cursor the server has stored for this school: the client's next push starts after it. */
  acknowledged: z.number().int().min(0),
  school: z.string(),
});
export type UnionPushResponse = z.infer<typeof unionPushResponseSchema>;
