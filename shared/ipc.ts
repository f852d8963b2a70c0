/**
 * The names the preload, the IPC adapter and the renderer agree on. Kept free of zod and of any
 * import so the sandboxed preload bundle stays tiny.
 */
export const INVOKE_CHANNEL = 'kesach:invoke';
export const EVENT_CHANNEL = 'kesach:event';
/**
 * The desk session (issue 20) travels beside each call: as this header in browser mode (beside the run token), as the
 * invoke's third argument over IPC. The renderer's api.ts adds it to every call.
 */
export const SESSION_HEADER = 'x-kesach-session';
/** Push events from main to the renderer; their payload schemas are in contract/events.ts. */
export const PUSH_EVENTS = ['scanner.scan', 'jobs.progress', 'backup.changed', 'union.changed', 'reservations.changed'] as const;
export type PushEventName = (typeof PUSH_EVENTS)[number];
