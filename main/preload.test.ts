import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL, PUSH_EVENTS } from '../shared/ipc';

// The sandboxed preload is loaded against a mock of Electron's contextBridge and ipcRenderer.
const state = vi.hoisted(() => ({
  exposed: new Map<string, Record<string, unknown>>(),
  listeners: [] as { channel: string; handler: (...a: unknown[]) => void }[],
  invoked: [] as unknown[][],
}));

vi.mock('electron', () => {
  const contextBridge = { exposeInMainWorld: (key: string, api: Record<string, unknown>) => state.exposed.set(key, api) };
  const ipcRenderer = {
    invoke: (...args: unknown[]) => { state.invoked.push(args); return Promise.resolve({ ok: true, value: 1 }); },
    on: (channel: string, handler: (...a: unknown[]) => void) => { state.listeners.push({ channel, handler }); },
    removeListener: (channel: string, handler: (...a: unknown[]) => void) => {
      state.listeners = state.listeners.filter((l) => !(l.channel === channel && l.handler === handler));
    },
  };
  return { contextBridge, ipcRenderer, default: { contextBridge, ipcRenderer } };
});

type Api = { invoke: (m: string, i: unknown, session?: string | null) => Promise<unknown>; on: (e: string, l: (p: unknown) => void) => () => void };
let api: Api;
beforeAll(async () => {
  await import('./preload');
  api = state.exposed.get('kesach') as unknown as Api;
});

describe('preload (mocked contextBridge and ipcRenderer)', () => {
  it('exposes one object with only invoke and on', () => {
    expect([...state.exposed.keys()]).toEqual(['kesach']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke goes to the one contract channel, the desk session in its envelope (only a string)', async () => {
    await expect(api.invoke('settings.getSchool', {})).resolves.toEqual({ ok: true, value: 1 });
    await api.invoke('accounts.list', {}, 'phien-123');
    await api.invoke('accounts.list', {}, { not: 'a string' } as never);
    expect(state.invoked).toEqual([
      [INVOKE_CHANNEL, 'settings.getSchool', {}, null],
      [INVOKE_CHANNEL, 'accounts.list', {}, 'phien-123'],
      [INVOKE_CHANNEL, 'accounts.list', {}, null],
    ]);
  });

  it('subscribes only to the listed push events, and unsubscribes', () => {
    expect(PUSH_EVENTS).toEqual(['scanner.scan', 'jobs.progress', 'backup.changed', 'union.changed', 'reservations.changed']);
    for (const event of ['ipc.raw', 'kesach:invoke', 'app.quit']) expect(() => api.on(event, () => {})).toThrow();
    const got: unknown[] = [];
    const offs = PUSH_EVENTS.map((event) => api.on(event, (p) => got.push([event, p])));
    expect(state.listeners.map((l) => l.channel)).toEqual(PUSH_EVENTS.map(() => EVENT_CHANNEL));
    for (const l of state.listeners) l.handler({}, 'scanner.scan', { code: 'HS1' });
    expect(got).toEqual([['scanner.scan', { code: 'HS1' }]]);
    offs.forEach((off) => off());
    expect(state.listeners).toEqual([]);
  });
});
