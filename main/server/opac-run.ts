import { AppError } from '../../shared/errors';
import type { ServiceContext } from '../services/context';
import { ViewCounter } from '../services/digital/views';
import { opacFileAccess } from '../services/opac/search';
import { openOpacReader, suggestionsPerDay } from '../services/opac/listener';
import { opacSuggestionBox } from '../services/suggestions/suggestions';
import { HttpError } from './json-http';
import { startOpacServer, type OpacDigital, type OpacServer } from './opac-http';
import { sendResource } from './resource-response';

/**
 * The Thư viện số as the OPAC offers it: files only (links stay in the desk), "Mọi người" for anyone,
 * "Giáo viên" for signed-in staff, "Tại thư viện" never. A view counts once per resource, address and
 * day (services/digital/views.ts), however many pieces a PDF viewer or a player asks for.
 */
export function opacDigital(ctx: ServiceContext, views: ViewCounter): OpacDigital {
  return {
    send(id, staff, req, res) {
      const allowed: readonly string[] = opacFileAccess(staff);
      const served = sendResource(ctx, id, req, res, (access) => allowed.includes(access));
      if (served && req.method !== 'HEAD') views.record(id, req.socket.remoteAddress ?? '');
    },
  };
}

/**
 * Opens the OPAC listener for a context: a read-only connection to the same database file for the
 * searches (WAL: they read alongside the desk and never hold its writes), the context's own connection
 * for the few writes (search counter, PIN tries, suggestions, views). Used by the CLI (`opac`) and by
 * the OPAC worker thread of the app.
 */
export async function runOpac(ctx: ServiceContext, where: { host: string; port: number }): Promise<OpacServer> {
  const read = openOpacReader(ctx);
  const views = new ViewCounter(ctx);
  const suggest = opacSuggestionBox(ctx, () => suggestionsPerDay(ctx));
  try {
    const server = await startOpacServer({
      ctx, read, host: where.host, port: where.port, digital: opacDigital(ctx, views),
      suggest: async (s) => {
        try {
          suggest(s);
        } catch (error) {
          if (error instanceof AppError) throw new HttpError(error.code === 'SUGGESTIONS_FULL' ? 429 : 400, error.message);
          throw error;
        }
      },
    });
    return {
      ...server,
      flush: () => {
        server.flush();
        views.flush();
      },
      close: async () => {
        await server.close();
        views.close();
        read.close();
      },
    };
  } catch (error) {
    views.close();
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
