import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ServiceContext } from '../services/context';
import { dispatch } from '../services/dispatch';
import { isTrustedSender } from '../security';
import { INVOKE_CHANNEL } from '../../shared/ipc';


/** Serves the contract over IPC: sender checked, input validated by dispatch. */
export function registerIpc(ipcMain: IpcMain, ctx: ServiceContext, devServerUrl?: string): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown, session: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, devServerUrl)) {
      return { ok: false, code: 'FORBIDDEN', message: 'Yêu cầu không đến từ cửa sổ của Kệ Sách.' };
    }
    if (typeof method !== 'string') {
      return { ok: false, code: 'UNKNOWN_METHOD', message: 'Tên chức năng không hợp lệ.' };
    }
    // The desk session rides in the envelope (preload's third argument): dispatch acts as its account.
    return dispatch(ctx, method, input, { session: typeof session === 'string' ? session : null });
  });
}
