import { digitalAccessLevels, digitalForms, type DigitalAccess, type DigitalForm } from '../../shared/contract/digital';
import { AppError } from '../../shared/errors';
import { fold } from '../../shared/text';
import { addDigitalFile, addDigitalLink, findTitleForCli } from '../services/digital/resources';
import { formatBytes } from '../../shared/numbers';
import { flag, UsageError, type CliCommand } from './types';

/** --form takes the key (ebook) or the Vietnamese name ("sách nói", "sach noi"). */
function formOf(value: string | undefined): DigitalForm | undefined {
  if (value === undefined) return undefined;
  const key = (Object.keys(digitalForms) as DigitalForm[]).find((k) => k === value || fold(digitalForms[k]) === fold(value));
  if (!key) throw new UsageError(`--form phải là một trong: ${Object.entries(digitalForms).map(([k, v]) => `${k} (${v})`).join(', ')}.`);
  return key;
}

function accessOf(value: string | undefined): DigitalAccess {
  if (value === undefined) return 'library';
  if (!(value in digitalAccessLevels)) throw new UsageError('--access phải là public (Mọi người), staff (Giáo viên) hoặc library (Tại thư viện).');
  return value as DigitalAccess;
}

export const digitalCommands: CliCommand[] = [
  {
    name: 'digital add',
    usage: 'digital add FILE|URL --title "…" [--author A] [--form F] [--access public|staff|library] [--name N] [--subject S] [--grade K] --db DB',
    summary: 'Gắn một tài liệu số (PDF, EPUB, MP3, M4A, OGG, MP4, WebM, JPEG, PNG hoặc liên kết http/https) vào đầu sách; loại tệp xét theo nội dung, tệp không hợp lệ thì không lưu gì.',
    async run(args, ctx) {
      const source = args.positional[0];
      const title = flag(args, 'title');
      if (!source || !title) throw new UsageError('Cách dùng: digital add FILE --title "Tên sách" [--author A] [--form F] [--access public|staff|library] --db DB');
      const gradeText = flag(args, 'grade');
      const grade = gradeText === undefined ? null : Number(gradeText);
      if (grade !== null && !(Number.isInteger(grade) && grade >= 1 && grade <= 12)) throw new UsageError('--grade là khối từ 1 đến 12.');
      const description = {
        name: flag(args, 'name') ?? '', form: formOf(flag(args, 'form')), subject: flag(args, 'subject') ?? '', grade,
        access: accessOf(flag(args, 'access')), note: '',
      };
      try {
        const titleId = findTitleForCli(ctx!, title, flag(args, 'author'));
        const isLink = /^https?:\/\//i.test(source);
        const r = isLink
          ? addDigitalLink(ctx!, { titleId, url: new URL(source).toString(), ...description })
          : await addDigitalFile(ctx!, { titleId, source: { path: source }, ...description });
        console.log(`Đã thêm tài liệu số #${r.id} "${r.name}" (${r.typeLabel}${r.kind === 'file' ? `, ${formatBytes(r.size)}` : ''}, ${digitalForms[r.form]}, ${digitalAccessLevels[r.access]}) vào "${r.title}".`);
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          process.stderr.write(`Lỗi: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
    },
  },
];
