import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Sandboxed preload: exposes only the contract's invoke and the push events, nothing else.
const INVOKE_CHANNEL = 'kesach:invoke';
const EVENT_CHANNEL = 'kesach:event';
const EVENTS = new Set(['scanner.scan', 'job.progress']);

contextBridge.exposeInMainWorld('kesach', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, String(method), input),
  on: (event: string, listener: (payload: unknown) => void) => {
    if (!EVENTS.has(event)) throw new Error(`Unknown event ${event}`);
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});
