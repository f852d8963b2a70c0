import path from 'node:path';
import type { CopySelection, LabelKind, ReaderSelection } from '../../shared/contract/labels';
import { labelKinds } from '../../shared/contract/labels';
import { printCalibration, printCards, printLabels } from '../services/labels/print';
import { flag, UsageError, type CliCommand, type ParsedArgs } from './types';

function out(args: ParsedArgs): string {
  const o = flag(args, 'out');
  if (!o) throw new UsageError('Thiếu --out FILE.pdf.');
  return path.resolve(o);
}

function intFlag(args: ParsedArgs, name: string): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} phải là số nguyên dương.`);
  return n;
}

function copySelection(args: ParsedArgs): CopySelection {
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  const batch = intFlag(args, 'batch');
  const title = intFlag(args, 'title');
  const codes = flag(args, 'codes');
  if (from || to) {
    if (!from || !to) throw new UsageError('Cần cả --from và --to (ví dụ --from STK000120 --to STK000180).');
    return { by: 'range', from, to };
  }
  if (batch) return { by: 'batch', batchId: batch };
  if (title) return { by: 'title', titleId: title };
  if (codes) return { by: 'list', codes: codes.split(/[\s,;]+/).filter(Boolean) };
  if (args.flags.unlabelled) return { by: 'unlabelled' };
  return { by: 'all' };
}

function moduleWidth(args: ParsedArgs): number | undefined {
  const v = flag(args, 'module');
  if (v === undefined) return undefined;
  const n = Number(v.replace(',', '.'));
  if (!(n >= 0.17 && n <= 1)) throw new UsageError('--module (mm) phải từ 0.17 đến 1.');
  return n;
}

export const printLabelCommands: CliCommand[] = [
  {
    name: 'print labels',
    usage: 'print labels --kind spine|barcode|combined --template L7651 [--start N] [--series STK] [--from A --to B | --batch ID | --title ID | --codes A,B | --unlabelled] [--printer TÊN] [--module MM] --out FILE.pdf [--db FILE]',
    summary: 'In nhãn gáy, nhãn mã vạch hoặc nhãn kết hợp ra PDF (mặc định: mọi bản sách).',
    async run(args, ctx) {
      const kind = flag(args, 'kind') as LabelKind | undefined;
      if (!kind || !labelKinds.includes(kind)) throw new UsageError('--kind phải là spine, barcode hoặc combined.');
      const template = flag(args, 'template');
      if (!template) throw new UsageError('Thiếu --template (ví dụ L7651).');
      const r = await printLabels(ctx!, {
        kind, templateId: template, start: intFlag(args, 'start') ?? 1, selection: copySelection(args),
        series: flag(args, 'series')?.trim().toUpperCase(), printer: flag(args, 'printer'), moduleWidth: moduleWidth(args),
        markPrinted: !args.flags['no-mark'],
      }, out(args));
      console.log(`Đã in ${r.labels} nhãn (${r.pages} trang) vào ${r.path}`);
    },
  },
  {
    name: 'print cards',
    usage: 'print cards [--class 6A1 | --cards HS001,HS002 | --new] [--back] [--printer TÊN] --out FILE.pdf [--db FILE]',
    summary: 'In thẻ thư viện (ID-1, 10 thẻ/A4, có dấu cắt) ra PDF (mặc định: mọi bạn đọc đang hoạt động).',
    async run(args, ctx) {
      const cls = flag(args, 'class');
      const cards = flag(args, 'cards');
      const selection: ReaderSelection = cls ? { by: 'class', className: cls.normalize('NFC').trim() }
        : cards ? { by: 'list', cardNumbers: cards.split(/[\s,;]+/).filter(Boolean) }
          : args.flags.new ? { by: 'newThisYear' } : { by: 'all' };
      const r = await printCards(ctx!, { selection, backSide: !!args.flags.back, printer: flag(args, 'printer'), moduleWidth: moduleWidth(args) }, out(args));
      console.log(`Đã in ${r.cards} thẻ (${r.pages} trang) vào ${r.path}`);
    },
  },
  {
    name: 'print calibration',
    usage: 'print calibration --template L7651 --out FILE.pdf',
    summary: 'In trang căn chỉnh (viền nhãn và thước mm) để đo độ lệch của máy in.',
    needsDb: false,
    async run(args) {
      const template = flag(args, 'template');
      if (!template) throw new UsageError('Thiếu --template (ví dụ L7651).');
      const r = await printCalibration(null, template, flag(args, 'printer'), out(args));
      console.log(`Đã tạo trang căn chỉnh ${template} vào ${r.path}`);
    },
  },
];
