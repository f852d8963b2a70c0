import { UsageError, flag, type CliCommand } from './types';
import { listenErrorMessage, runOpac } from '../server/opac-run';

/** `opac --db DB [--host 127.0.0.1] [--port N]`: the OPAC alone, until SIGINT/SIGTERM (called by scripts: keep the form). */
export const opacCommands: CliCommand[] = [
  {
    name: 'opac',
    usage: 'opac --db DB [--host 127.0.0.1] [--port N]',
    summary: 'Mở trang tra cứu thư viện (OPAC) cho mạng nội bộ, đến khi bấm Ctrl+C. --port 0: chọn một cổng trống.',
    // Holds the database as long as it runs: a restore waits for it to stop.
    exclusive: 'mở trang tra cứu',
    async run(args, ctx) {
      const host = flag(args, 'host') ?? '127.0.0.1';
      const portText = flag(args, 'port') ?? '8080';
      if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError('--port là một số từ 0 đến 65535.');
      if (!/^(\d{1,3})(\.\d{1,3}){3}$/.test(host)) throw new UsageError('--host là một địa chỉ IPv4, ví dụ 127.0.0.1 hoặc 0.0.0.0.');
      const server = await runOpac(ctx!, { host, port: Number(portText) }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(listenErrorMessage(error, host, Number(portText)));
      });
      console.log(`Tra cứu thư viện đang mở: http://${host}:${server.port}/`);
      console.log('Bấm Ctrl+C để dừng.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      return 0;
    },
  },
];
