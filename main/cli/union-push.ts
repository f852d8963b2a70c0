import { formatNumber } from '../../shared/numbers';
import { pushToUnion } from '../services/union/push';
import { UNION_BATCH_MAX } from '../services/union/protocol';
import { UsageError, flag, type CliCommand } from './types';

/**
 * `union push --server URL --key KEY --db DB [--ca FILE] [--batch N]`: the school's side of the district union
 * catalogue from the command line (the app does the same from Cài đặt → Liên thông). Sends only what changed
 * since the last push the server acknowledged; a push cut short is simply run again. Called by scripts: keep the form.
 */
export const unionPushCommands: CliCommand[] = [
  {
    name: 'union push',
    usage: 'union push --server URL --key KEY --db DB [--ca FILE] [--batch N]',
    summary: 'Gửi mục lục của trường lên mục lục liên hợp của phòng GD&ĐT (chỉ phần đã thay đổi từ lần gửi trước). '
      + '--ca: tệp chứng chỉ gốc của phòng (PEM); --batch: số đầu sách mỗi gói (mặc định 500).',
    async run(args, ctx) {
      const server = flag(args, 'server');
      const key = flag(args, 'key') ?? process.env.KESACH_UNION_KEY;
      if (!server) throw new UsageError('Thiếu --server: địa chỉ máy chủ liên thông, ví dụ --server https://lienthong.phonggd.edu.vn/');
      if (!key) throw new UsageError('Thiếu --key: khoá của trường do phòng GD&ĐT cấp.');
      const batchText = flag(args, 'batch');
      if (batchText !== undefined && (!/^\d+$/.test(batchText) || Number(batchText) < 1 || Number(batchText) > UNION_BATCH_MAX)) {
        throw new UsageError(`--batch là một số từ 1 đến ${UNION_BATCH_MAX}.`);
      }
      const r = await pushToUnion(ctx!, {
        server, key, caFile: flag(args, 'ca') ?? null, batchSize: batchText ? Number(batchText) : undefined,
        onBatch: (p) => console.log(`Gói ${formatNumber(p.batches)}: đã gửi ${formatNumber(p.records)} đầu sách.`),
      });
      console.log(r.records === 0
        ? `Không có gì thay đổi từ lần gửi trước; đã cập nhật số liệu của trường ${r.school}.`
        : `Đã gửi ${formatNumber(r.records)} đầu sách (${formatNumber(r.batches)} gói, ${formatNumber(r.bytes)} byte) lên mục lục liên hợp — trường ${r.school}.`);
      return 0;
    },
  },
];
