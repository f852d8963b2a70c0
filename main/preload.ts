import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import { EVENT_CHANNEL, INVOKE_CHANNEL, PUSH_EVENTS } from '../shared/ipc';

// Sandboxed preload: exposes only the contract's invoke and the push events, nothing else.
const EVENTS = new Set<string>(PUSH_EVENTS);

contextBridge.exposeInMainWorld('kesach', {
  invoke: (method: string, input: unknown, session?: string | null) =>
    ipcRenderer.invoke(INVOKE_CHANNEL, String(method), input, typeof session === 'string' ? session : null),
  on: (event: string, listener: (payload: unknown) => void) => {
    if (!EVENTS.has(event)) throw new Error(`Unknown event ${event}`);
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});
