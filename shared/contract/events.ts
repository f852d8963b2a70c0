import { z } from 'zod';
import type { PushEventName } from '../ipc';

/** Push events from main to the renderer (IPC `on`, or SSE in browser mode). */
export const events = {
  /** A burst the scanner classifier recognised as a barcode scan (Electron: before-input-event). */
  'scanner.scan': z.object({ code: z.string(), at: z.number() }),
  /** Progress of a long job (PDF, import). */
  'jobs.progress': z.object({ jobId: z.string(), done: z.number(), total: z.number(), label: z.string().optional() }),
  /** A scheduled backup finished (well or not): the main screen's "Sao lưu gần nhất" reads the status again. */
  'backup.changed': z.object({ ok: z.boolean() }),
  /** A push to the district union catalogue finished (well or not): the main screen's "Liên thông" reads the status again. */
  'union.changed': z.object({}),
  /** A reservation was placed, cancelled, put on the hold shelf, fulfilled or expired (at the desk or in the OPAC): lists read again. */
  'reservations.changed': z.object({}),
} satisfies Record<PushEventName, z.ZodType>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];
