import Database from 'better-sqlite3';
import type { ServiceContext } from '../services/context';
import { startOpacServer, type OpacServer } from './opac-http';

/**
 * Opens the OPAC listener for a context: a read-only connection to the same database file for the
 * searches (WAL: they read alongside the desk and never hold its writes), the context's own connection
 * for the few writes. Used by the CLI (`opac`) and by the OPAC worker thread of the app.
 */
export async function runOpac(ctx: ServiceContext, where: { host: string; port: number }): Promise<OpacServer> {
  const read = new Database(ctx.databaseFile, { readonly: true, fileMustExist: true });
  read.pragma('busy_timeout = 5000');
  try {
    const server = await startOpacServer({ ctx, read, host: where.host, port: where.port });
    return {
      ...server,
      close: async () => {
        await server.close();
        read.close();
      },
    };
  } catch (error) {
    read.close();
    throw error;
  }
}

/** A Vietnamese reason for a listen error. */
export function listenErrorMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE') return `Cổng ${port} đang bận (một chương trình khác đang dùng nó); hãy chọn cổng khác.`;
  if (error.code === 'EADDRNOTAVAIL') return `Máy này không còn địa chỉ ${host}; hãy chọn lại giao diện mạng.`;
  if (error.code === 'EACCES') return `Không được phép mở cổng ${port}; hãy chọn cổng từ 1024 trở lên.`;
  return `Không mở được tra cứu trực tuyến: ${error.message}`;
}
