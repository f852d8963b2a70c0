import { z } from 'zod';
import { empty, method, text } from './define';

/**
 * Liên thông: the school's side of the district union catalogue (mục lục liên hợp), in Cài đặt → Liên thông.
 * The push itself follows main/services/union/protocol.ts; these are the desk's methods around it.
 * The school's key is write-only here: it goes in with `union.saveSettings` and only its last four
 * characters ever come back.
 */

/** What the last push did, for Cài đặt and the main screen. Times are ISO. */
export const unionStatus = z.object({
  /** An address and a key are stored. */
  configured: z.boolean(),
  /** Pushes every hour while the app is open. */
  auto: z.boolean(),
  /** The school's name as the union server knows it (from its last answer), or null. */
  school: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** Why the last attempt failed (Vietnamese), or null when it succeeded. */
  lastError: z.string().nullable(),
  /** Titles sent by the last successful push. */
  lastRecords: z.number().int(),
});
export type UnionStatus = z.infer<typeof unionStatus>;

export const unionSettings = z.object({
  server: z.string(),
  /** "••••7f3a", or null when no key is stored. */
  keyHint: z.string().nullable(),
  caFile: z.string().nullable(),
  auto: z.boolean(),
  status: unionStatus,
});
export type UnionSettingsDto = z.infer<typeof unionSettings>;

export const unionSettingsInput = z.object({
  /** Empty: the school does not take part (nothing is pushed). */
  server: text().pipe(z.string().max(500, 'Địa chỉ máy chủ quá dài.')),
  /** A new key; empty or absent keeps the stored one. */
  key: text().pipe(z.string().max(200, 'Khoá quá dài.')).optional(),
  /** Removes the stored key. */
  forgetKey: z.boolean().default(false),
  /** Path of the district's CA certificate (PEM) on this computer, or null/empty for the system's trusted ones only. */
  caFile: text().nullable().default(null),
  auto: z.boolean().default(true),
});
export type UnionSettingsInput = z.input<typeof unionSettingsInput>;

export const unionPushResult = z.object({
  school: z.string(),
  records: z.number().int(),
  batches: z.number().int(),
  bytes: z.number().int(),
  at: z.string(),
});

export const unionContract = {
  'union.getSettings': method(empty, unionSettings),
  'union.saveSettings': method(unionSettingsInput, unionSettings),
  /** "Đồng bộ ngay": pushes what changed since the last acknowledged push. */
  'union.pushNow': method(empty, unionPushResult),
  'union.getStatus': method(empty, unionStatus),
};
