import { roleLabels, roles, type Role } from '../../shared/accounts';
import { accountInput } from '../../shared/contract/accounts';
import { describeInvalid } from '../../shared/contract/field-labels';
import { formatDate } from '../../shared/dates';
import { addAccount, listAccounts } from '../services/accounts/accounts';
import { flag, UsageError, type CliCommand } from './types';

const ROLE_LIST = roles.join('|');

/** "26/11/2026 09:00" in the computer's local time, or "chưa". */
function when(iso: string | null): string {
  if (!iso) return 'chưa';
  const t = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getDate())}/${p(t.getMonth() + 1)}/${t.getFullYear()} ${p(t.getHours())}:${p(t.getMinutes())}`;
}

export const accountCommands: CliCommand[] = [
  {
    name: 'account add',
    usage: `account add --name "…" --role ${ROLE_LIST} [--card CARD] --pin PIN [--keep-open-straight-in] [--db FILE]`,
    summary: 'Thêm tài khoản người dùng (Thủ thư, Cộng tác viên, Giáo viên phụ trách, Ban giám hiệu, Kế toán); đăng nhập bằng thẻ và mã PIN.',
    async run(args, ctx) {
      const role = flag(args, 'role');
      if (!role || !roles.includes(role as Role)) throw new UsageError(`Cần --role ${ROLE_LIST}.`);
      if (!flag(args, 'name')) throw new UsageError('Cần --name "Họ và tên".');
      const parsed = accountInput.safeParse({ name: flag(args, 'name'), role, card: flag(args, 'card'), pin: flag(args, 'pin'), password: flag(args, 'password'),
        keepOpenStraightIn: !!args.flags['keep-open-straight-in'] });
      if (!parsed.success) {
        process.stderr.write(`Lỗi: ${describeInvalid(parsed.error.issues[0])}\n`);
        return 1;
      }
      const a = await addAccount(ctx!, parsed.data);
      console.log(`Đã thêm tài khoản ${a.name} (${a.roleLabel})${a.card ? `, thẻ ${a.card}` : ''}${a.schoolYearEnd ? `, dùng đến hết ngày ${formatDate(a.schoolYearEnd)}` : ''}.`);
      // The first account besides the Thủ thư's ends "open straight in" (issue 20) unless --keep-open-straight-in.
      if (a.openStraightInEnded) console.log('Từ giờ máy này sẽ hỏi đăng nhập: lệnh gọi không kèm phiên đăng nhập bị từ chối (thêm --keep-open-straight-in để vẫn mở thẳng vào tài khoản Thủ thư).');
      return 0;
    },
  },
  {
    name: 'account list',
    usage: 'account list [--json] [--db FILE]',
    summary: 'Liệt kê các tài khoản: vai trò, thẻ, bị khóa hay không, lần đăng nhập gần nhất.',
    async run(args, ctx) {
      const { rows } = listAccounts(ctx!);
      if (args.flags.json) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      for (const a of rows) {
        console.log(`${a.id}\t${a.name}\t${roleLabels[a.role]}\t${a.card ?? '—'}\t${a.disabled ? 'đã khóa' : 'đang dùng'}\tđăng nhập: ${when(a.lastSignInAt)}`);
      }
      return 0;
    },
  },
];
