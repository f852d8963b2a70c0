import fs from 'node:fs';
import path from 'node:path';
import type { filesContract } from '../../../shared/contract/files';
import { AppError } from '../../../shared/errors';
import { exportsDirIn } from '../../paths';
import type { DesktopBridge, ServiceContext } from '../context';
import type { HandlersFor } from '../handler-types';

/** Resolves a generated file by name, refusing anything outside the exports folder. */
export function generatedFile(ctx: ServiceContext, fileName: string): string {
  const dir = exportsDirIn(ctx.dataDir);
  const file = path.join(dir, path.basename(fileName));
  if (path.basename(fileName) !== fileName || !fs.existsSync(file)) {
    throw new AppError('FILE_NOT_FOUND', `Không tìm thấy tệp "${fileName}" trong thư mục xuất.`);
  }
  return file;
}

function desktop(ctx: ServiceContext): DesktopBridge {
  if (!ctx.desktop) {
    throw new AppError('DESKTOP_ONLY', 'Chức năng này chỉ có trong ứng dụng trên máy tính; trên trình duyệt hãy mở hoặc tải tệp về.');
  }
  return ctx.desktop;
}

export const filesHandlers: HandlersFor<typeof filesContract> = {
  'files.open': async ({ fileName }, ctx) => {
    const file = generatedFile(ctx, fileName);
    await desktop(ctx).openPath(file);
    return { ok: true as const };
  },
  'files.print': async ({ fileName }, ctx) => {
    const file = generatedFile(ctx, fileName);
    if (path.extname(file).toLowerCase() !== '.pdf') throw new AppError('NOT_PDF', 'Chỉ in được tệp PDF.');
    await desktop(ctx).printPdf(file);
    return { ok: true as const };
  },
  'files.saveAs': async ({ fileName }, ctx) => ({ path: await desktop(ctx).saveCopy(generatedFile(ctx, fileName)) }),
};
