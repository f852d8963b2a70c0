/**
 * Staff accounts (issue 20): the roles, the permissions and which role holds which. No zod and no
 * contract import here: the renderer imports these values to hide what the signed-in role cannot do,
 * and main checks the same table in `dispatch` (the check that counts). Which contract method needs
 * which permission is in `shared/permissions.ts`.
 */

/** At least this many characters in a password (the Thủ thư's, set at first start or after a recovery). */
export const PASSWORD_MIN = 8;
export const PASSWORD_RULE = `Mật khẩu cần ít nhất ${PASSWORD_MIN} ký tự.`;

/** Role ids as the CLI takes them (`account add --role …`); stored in `account.role`. */
export const roles = ['thu-thu', 'cong-tac-vien', 'giao-vien', 'bgh', 'ke-toan'] as const;
export type Role = (typeof roles)[number];
export const roleLabels: Record<Role, string> = {
  'thu-thu': 'Thủ thư',
  'cong-tac-vien': 'Cộng tác viên',
  'giao-vien': 'Giáo viên phụ trách',
  bgh: 'Ban giám hiệu',
  'ke-toan': 'Kế toán',
};
export const roleLabel = (role: string): string => roleLabels[role as Role] ?? role;

/**
 * Every permission with the action it allows, as the refusal names it: "Tài khoản Lan (Cộng tác viên)
 * không có quyền <action>." Never shown as its key.
 */
export const permissionActions = {
  /** Signing in and out, the current session: open to anyone, signed in or not. */
  session: 'đăng nhập',
  /** The app itself: its version and folders, opening and printing generated files, cancelling one's own job. */
  app: 'dùng Kệ Sách',
  'desk.read': 'xem tình hình mượn trả',
  'desk.lend': 'cho mượn, trả và gia hạn sách',
  'desk.visit': 'ghi lượt đến và đọc tại chỗ',
  /** Lending or renewing past a block (an override with a reason); checked by the service, on top of desk.lend. */
  'desk.override': 'cho mượn vượt quy định',
  /** Undoing a loan, return or renewal someone else made; checked by the service, on top of desk.lend. */
  'desk.undoOthers': 'hoàn tác thao tác của người khác',
  'desk.lost': 'ghi mất sách, bồi thường và tìm thấy',
  'desk.print': 'in giấy nhắc trả, phiếu mượn theo lớp và phiếu báo sách đã về',
  /** Placing and cancelling reservations (issue 22): Thủ thư and Giáo viên phụ trách. */
  'desk.reserve': 'đặt trước và hủy đặt trước sách',
  'catalogue.read': 'tra cứu mục lục',
  'catalogue.edit': 'biên mục sách',
  'catalogue.export': 'xuất mục lục',
  'readers.read': 'xem danh sách bạn đọc',
  'readers.edit': 'thêm, sửa bạn đọc và mã PIN',
  'readers.rollover': 'chuyển năm học',
  'stock.read': 'xem phiếu nhập và biên bản xuất',
  'accession.edit': 'lập phiếu nhập sách',
  'accession.confirm': 'ghi nhập sách vào sổ',
  'withdrawal.edit': 'lập biên bản xuất sách',
  'withdrawal.confirm': 'ghi giảm sách',
  'labels.print': 'in nhãn và thẻ',
  'reports.read': 'xem sổ sách và báo cáo',
  'activities.edit': 'ghi hoạt động thư viện',
  'periodicals.edit': 'ghi nhận báo, tạp chí',
  'selfcheck.edit': 'lập tự đánh giá thư viện',
  'selfcheck.approve': 'duyệt tự đánh giá thư viện',
  'plan.read': 'xem kế hoạch mua sắm',
  'plan.edit': 'lập kế hoạch mua sắm',
  /** plan.setStatus: the method needs this; submitting also needs plan.edit, approving or returning plan.approve. */
  'plan.decide': 'trình hoặc duyệt kế hoạch mua sắm',
  'plan.approve': 'duyệt hoặc trả lại kế hoạch mua sắm',
  'suggestions.edit': 'xử lý đề xuất mua sách',
  'stocktake.read': 'xem kiểm kê',
  'stocktake.scan': 'quét sách khi kiểm kê',
  'stocktake.manage': 'mở và đóng đợt kiểm kê',
  'digital.read': 'xem thư viện số',
  'digital.edit': 'quản lý thư viện số',
  'settings.read': 'xem cài đặt',
  'settings.edit': 'thay đổi cài đặt',
  'audit.read': 'xem nhật ký',
  'backup.run': 'sao lưu dữ liệu',
  'backup.restore': 'khôi phục dữ liệu',
  'data.export': 'xuất toàn bộ dữ liệu',
  'accounts.manage': 'quản lý tài khoản',
} as const;
export type Permission = keyof typeof permissionActions;
export const permissions = Object.keys(permissionActions) as Permission[];

const all = permissions;
const except = (...denied: Permission[]): Permission[] => all.filter((p) => !denied.includes(p));
/** What every role may read: the catalogue, readers, the desk's state, stock papers, digital library, settings. */
const reading: Permission[] = ['session', 'app', 'desk.read', 'catalogue.read', 'readers.read', 'stock.read', 'stocktake.read', 'digital.read', 'settings.read'];

/**
 * Which role holds which permission (issue 20, "Accounts with roles"):
 * - Thủ thư: everything;
 * - Cộng tác viên (a pupil helper): lend, return, renew, visits and in-library use, stocktake scanning —
 *   no overrides, lost/compensation, undo of another person's action, catalogue, readers, registers,
 *   settings, backup, restore or exports of reader data;
 * - Giáo viên phụ trách: like Thủ thư except restore and accounts;
 * - Ban giám hiệu: reads every report and register, approves or returns the plan and the self-assessment, no desk work;
 * - Kế toán: the plan and the phiếu nhập/biên bản with amounts, read-only otherwise.
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  'thu-thu': all,
  'cong-tac-vien': [...reading, 'desk.lend', 'desk.visit', 'stocktake.scan'],
  'giao-vien': except('backup.restore', 'accounts.manage'),
  bgh: [...reading, 'reports.read', 'catalogue.export', 'audit.read', 'plan.read', 'plan.decide', 'plan.approve', 'selfcheck.approve'],
  'ke-toan': [...reading, 'reports.read', 'catalogue.export', 'audit.read', 'plan.read', 'plan.edit', 'plan.decide', 'accession.edit', 'withdrawal.edit'],
};

export function roleHas(role: string, permission: Permission): boolean {
  return (rolePermissions[role as Role] ?? []).includes(permission);
}

/** "Tài khoản Lan (Cộng tác viên) không có quyền ghi giảm sách." */
export function refusalMessage(name: string, role: string, permission: Permission): string {
  return `Tài khoản ${name} (${roleLabel(role)}) không có quyền ${permissionActions[permission]}.`;
}

/** The name old audit rows (written before accounts existed) are shown with. */
export const BEFORE_ACCOUNTS = 'Thủ thư (trước khi có tài khoản)';
