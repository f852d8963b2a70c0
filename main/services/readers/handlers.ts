import type { readersContract } from '../../../shared/contract/readers';
import { AppError } from '../../../shared/errors';
import type { HandlersFor } from '../handler-types';
import { importReadersData, importReadersFile } from './import';
import { getReader, listClasses, listDepartments, listReaders, readerPhotoDataUrl, saveReader, toReaderDto } from './readers';
import { clearPin, pinStatus, setPin } from './pin';
import { lastRollover, previewRollover, rollover, undoRollover } from './rollover';

type Source = { file: string } | { fileName: string; content: Buffer };
function source(input: { file?: string; fileName?: string; contentBase64?: string }): Source {
  if (input.file) return { file: input.file };
  if (input.fileName && input.contentBase64 !== undefined) return { fileName: input.fileName, content: Buffer.from(input.contentBase64, 'base64') };
  throw new AppError('IMPORT_NO_FILE', 'Hãy chọn tệp danh sách (.xlsx hoặc .csv).');
}

export const readersHandlers: HandlersFor<typeof readersContract> = {
  'readers.list': async (input, ctx) => listReaders(ctx, input),
  'readers.get': async (input, ctx) => toReaderDto(getReader(ctx, input.id)),
  'readers.save': async (input, ctx) => saveReader(ctx, input),
  'readers.photo': async (input, ctx) => ({ dataUrl: readerPhotoDataUrl(ctx, getReader(ctx, input.id).photo) }),
  'readers.classes': async (_input, ctx) => listClasses(ctx),
  'readers.departments': async (_input, ctx) => listDepartments(ctx),
  'readers.previewImport': async (input, ctx) => {
    const s = source(input);
    return 'file' in s ? importReadersFile(ctx, s.file, { dryRun: true }) : importReadersData(ctx, s.fileName, s.content, { dryRun: true });
  },
  'readers.import': async (input, ctx) => {
    const s = source(input);
    return 'file' in s ? importReadersFile(ctx, s.file) : importReadersData(ctx, s.fileName, s.content);
  },
  'readers.rolloverPreview': async (input, ctx) => previewRollover(ctx, input.to),
  'readers.rollover': async (input, ctx) => rollover(ctx, input.to, input.confirm),
  'readers.lastRollover': async (_input, ctx) => lastRollover(ctx),
  'readers.undoRollover': async (input, ctx) => undoRollover(ctx, input.id),
  'readers.setPin': async (input, ctx) => {
    await setPin(ctx.sql, input.id, input.pin, ctx.now());
    return { ok: true as const };
  },
  'readers.clearPin': async (input, ctx) => ({ removed: clearPin(ctx.sql, input.id, ctx.now()) }),
  'readers.pinStatus': async (input, ctx) => pinStatus(ctx.sql, input.id, ctx.now()),
};
