import { roleLabel } from '../../../shared/accounts';
import { auditKindEntities, auditKinds, type AuditKind } from '../../../shared/contract/audit';
import { OPAC_PLACED_BY, readerKindLabels, suggestionStatusLabels, type ReaderKind, type SuggestionStatus } from '../../../shared/contract/enums';
import { formatDate } from '../../../shared/dates';
import { formatAmount } from '../../../shared/number-words';
import { formatLibraryCounts } from '../../../shared/numbers';

type Details = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const n = (v: unknown) => formatAmount(Number(v) || 0);
const quoted = (v: unknown) => (str(v) ? ` «${str(v)}»` : '');
const reason = (d: Details) => (str(d.reason) ? ` Lý do: ${str(d.reason)}.` : '');
const copy = (d: Details) => (str(d.copy) ? ` bản ${str(d.copy)}` : '');

/** Reader fields as the reader form names them (old → new in a "Sửa bạn đọc" row). */
const READER_FIELD: Record<string, string> = {
  code: 'mã', fullName: 'họ tên', className: 'lớp', department: 'tổ', homeroomClass: 'lớp chủ nhiệm', kind: 'loại bạn đọc', birthDate: 'ngày sinh', sex: 'giới tính',
  position: 'chức vụ', subject: 'môn', phone: 'điện thoại', active: 'trạng thái', photo: 'ảnh',
};
const READER_VALUE: Record<string, Record<string, string>> = {
  kind: { student: 'học sinh', teacher: 'giáo viên', staff: 'nhân viên' },
  sex: { nam: 'nam', nu: 'nữ', '': 'chưa ghi' },
};
function readerValue(field: string, v: unknown): string {
  if (field === 'active') return v ? 'đang hoạt động' : 'thôi hoạt động';
  if (field === 'birthDate') return v ? formatDate(str(v)) : '(trống)';
  if (READER_VALUE[field]) return READER_VALUE[field][str(v)] ?? str(v);
  return str(v) || '(trống)';
}
/** "lớp 6A1 → 6A2; họ tên A → B" from `{ className: ['6A1', '6A2'], … }` (also the class-list import's preview). */
export function readerChanges(changes: unknown): string {
  if (!changes || typeof changes !== 'object') return '';
  return Object.entries(changes as Record<string, unknown>)
    .filter((e): e is [string, [unknown, unknown]] => Array.isArray(e[1]) && e[1].length === 2)
    .map(([k, [a, b]]) => `${READER_FIELD[k] ?? 'thông tin khác'} ${readerValue(k, a)} → ${readerValue(k, b)}`).join('; ');
}
/** "Nguyễn Văn A (GV000001)" from what the row recorded, else from the reader it concerns. */
function readerNamed(d: Details, reader?: ReaderOfRow): string {
  const name = str(d.name) || str(reader?.name);
  const card = str(d.card) || str(reader?.card);
  return name ? ` ${name}${card ? ` (${card})` : ''}` : '';
}
/** A phiếu nhập as the Nhật ký names it: "số 12 (ngày 05/09/2026, chứng từ HĐ-123, 40 bản)". */
function batchNamed(d: Details): string {
  const b = (d.batch ?? null) as Details | null;
  if (!b) return '';
  const bits = [b.date ? `ngày ${formatDate(str(b.date))}` : '', str(b.voucherNumber) ? `chứng từ ${str(b.voucherNumber)}` : '',
    b.copies !== undefined ? `${n(b.copies)} bản` : ''].filter(Boolean);
  return `${b.registerNumber ? ` số ${str(b.registerNumber)}` : ''}${bits.length ? ` (${bits.join(', ')})` : ''}`;
}
/** Rows written before the ranges were kept: first and last code; two series are never joined by a dash. */
function legacyRange(first: string, last: string): string {
  if (!last || last === first) return first;
  const head = (c: string) => c.replace(/\d+$/, '');
  return head(first) === head(last) ? `${first} – ${last}` : `${first}, …, ${last}`;
}
/** Cài đặt → Liên thông as its form names it (the key is never recorded, only that it changed). */
const UNION_FIELD: Record<string, string> = { server: 'máy chủ', caFile: 'tệp chứng chỉ gốc', auto: 'tự động đồng bộ mỗi giờ' };
/** School settings as the Cài đặt form names them. */
const SCHOOL_FIELD: Record<string, string> = {
  managingBody: 'cơ quan quản lý', schoolName: 'tên trường', place: 'địa danh', address: 'địa chỉ', principal: 'hiệu trưởng',
  librarian: 'người làm công tác thư viện', schoolYearStart: 'ngày bắt đầu năm học', schoolYearEnd: 'ngày kết thúc năm học',
  reportDeadline: 'hạn tự đánh giá', dateStyle: 'cách ghi ngày',
};
const COPY_FIELD: Record<string, string> = { location: 'kho/kệ', price: 'giá', note: 'ghi chú' };
const SERIES_FIELD: Record<string, string> = {
  code: 'mã', name: 'tên', prefix: 'tiền tố', separator: 'dấu ngăn', padding: 'số chữ số', registerGroup: 'nhóm trong Sổ ĐKTQ',
  material: 'dạng tài liệu', active: 'đang dùng',
};
/** "hiệu trưởng (trống) → Nguyễn Văn An; …" from `{ principal: ['', 'Nguyễn Văn An'] }`, fields named by `labels`. */
function fieldChanges(changes: unknown, labels: Record<string, string>): string {
  if (!changes || typeof changes !== 'object') return '';
  const show = (k: string, v: unknown) => (typeof v === 'boolean' ? (v ? 'có' : 'không')
    : /Start$|End$/.test(k) && v ? formatDate(str(v)) : str(v) || '(trống)');
  return Object.entries(changes as Record<string, unknown>)
    .filter((e): e is [string, [unknown, unknown]] => Array.isArray(e[1]) && e[1].length === 2)
    .map(([k, [a, b]]) => `${labels[k] ?? 'thông tin khác'} ${show(k, a)} → ${show(k, b)}`).join('; ');
}
/** "học sinh, loại STK: tối đa 3 bản, 7 ngày, gia hạn 1 lần" */
function policyText(p: Details | null | undefined): string {
  if (!p) return '';
  const who = readerKindLabels[str(p.readerKind) as ReaderKind]?.toLowerCase() ?? str(p.readerKind);
  const what = str(p.seriesCode) === '*' ? 'mọi loại sách' : `loại ${str(p.seriesCode)}`;
  const rule = p.maxItems !== undefined
    ? `: tối đa ${n(p.maxItems)} bản, ${p.inLibraryOnly ? 'chỉ đọc tại chỗ' : p.untilYearEnd ? 'mượn đến cuối năm học' : `${n(p.loanDays)} ngày`}, gia hạn ${n(p.maxRenewals)} lần`
    : '';
  const reserve = p.maxReservations === undefined ? ''
    : Number(p.maxReservations) > 0 ? `; đặt trước tối đa ${n(p.maxReservations)} đầu sách, giữ sách ${n(p.holdDays)} ngày` : '; không được đặt trước';
  return ` ${who}, ${what}${rule}${rule ? reserve : ''}`;
}
const mm = (tenths: unknown) => `${(Number(tenths) / 10).toLocaleString('vi-VN')} mm`;
const dates = (v: unknown) => (Array.isArray(v) ? v.map((x) => formatDate(str(x))).join(', ') : '');
/** "2 dòng, 3 bản, 64.000 đồng" of lines added to a plan at once. */
const planLines = (d: Details) => `${n(d.lines)} dòng, ${n(d.copies)} bản, ${n(d.amount)} đồng`;

const planNamed = (d: Details) => (d.year ? ` năm học ${str(d.year)}${d.version ? ` (phiên bản ${str(d.version)})` : ''}` : '');

/** The reader an audit row concerns, as the log's query found it (by the row's reader id or entity). */
export interface ReaderOfRow { name: string | null; card: string | null }

const VERB: Record<string, string> = { create: 'Lập', update: 'Sửa', delete: 'Xóa', confirm: 'Xác nhận' };

/** The kind label of an audit row (by its entity); "Khác" for anything not listed. */
export function auditKindLabel(entity: string): string {
  const kind = (Object.keys(auditKindEntities) as AuditKind[]).find((k) => auditKindEntities[k].includes(entity));
  return kind ? auditKinds[kind] : 'Khác';
}

/**
 * One audit row in Vietnamese, for the Nhật ký and its export: what happened, to what, and the
 * reason when one was given. Never shows the internal action key; an action this list does not know
 * reads as "Thay đổi …" with its kind.
 */
/** ": Trần Văn Nam, Lê Thu" — the pupil helpers a rollover (or its undo) named, or nothing. */
const helperNames = (d: Details) => {
  const names = Array.isArray(d.names) ? (d.names as unknown[]).map(str).join(', ') : '';
  return names ? `: ${names}` : '';
};

export function describeAudit(action: string, entity: string, detailsJson: string, reader?: ReaderOfRow): string {
  let d: Details = {};
  try {
    d = (JSON.parse(detailsJson) ?? {}) as Details;
  } catch {
    d = {};
  }
  switch (`${entity}:${action}`) {
    case 'loan:loan.checkout':
      return `Cho mượn${copy(d)}.`;
    case 'loan:loan.return':
      return `Nhận trả${copy(d)}.`;
    case 'loan:loan.override':
      return `Cho mượn vượt quy định${copy(d)}.${reason(d)}`;
    case 'loan:loan.renew.override':
      return `Gia hạn vượt quy định.${reason(d)}`;
    case 'loan:loan.transfer':
      return `Chuyển${copy(d)} từ bạn đọc đang giữ sang bạn đọc mới.${reason(d)}`;
    case 'loan:loan.undo.checkout':
      return `Hoàn tác lượt cho mượn${copy(d)} (quét nhầm).`;
    case 'loan:loan.undo.return':
      return `Hoàn tác lượt trả${copy(d)} (quét nhầm).`;
    case 'loan:loan.undo.renew':
      return `Hoàn tác lượt gia hạn${copy(d)}.`;
    case 'loan:loan.lost': {
      const amount = Number(d.amount) > 0 ? `, bồi thường ${n(d.amount)} đồng` : '';
      return `Báo mất${copy(d)}${amount}.`;
    }
    case 'loan:loan.classSet':
      return `Cho mượn sách giáo khoa theo lớp${quoted(d.classSet)}: ${n(Array.isArray(d.loans) ? d.loans.length : d.loans)} lượt.`;
    case 'loan:loan.classSet.return':
      return `Nhận lại sách giáo khoa theo lớp${quoted(d.classSet)}: ${n(d.returned)} bản.`;
    case 'database:backup.restore': {
      const c = d.counts as Parameters<typeof formatLibraryCounts>[0] | undefined;
      const counts = c && typeof c === 'object' ? ` (${formatLibraryCounts(c)})` : '';
      const kept = str(d.replacedKeptAs) ? ` Dữ liệu trước đó được giữ trong bản sao lưu «${str(d.replacedKeptAs)}».` : '';
      return `Khôi phục dữ liệu từ bản sao lưu${quoted(d.from)}${counts}.${kept}`;
    }
    case 'reservation:reservation.place':
      return `Đặt trước${quoted(d.title)}${d.position ? ` (thứ ${n(d.position)} trong hàng chờ)` : ''}${str(d.placedBy) === OPAC_PLACED_BY ? ', qua tra cứu trực tuyến' : ''}.`;
    case 'reservation:reservation.ready':
      return `Giữ${copy(d)}${quoted(d.title)} cho bạn đọc đặt trước${str(d.holdUntil) ? `, đến hết ${formatDate(str(d.holdUntil))}` : ''}.`;
    case 'reservation:reservation.fulfil':
      return `Bạn đọc nhận sách đặt trước${quoted(d.title)}:${copy(d)}.`;
    case 'reservation:reservation.expire':
      return `Hết hạn giữ sách đặt trước${quoted(d.title)}${copy(d)}: chuyển cho người tiếp theo hoặc trả lên giá.`;
    case 'reservation:reservation.cancel':
      return `Hủy đặt trước${quoted(d.title)}${str(d.copy) ? ` (sách đang giữ:${copy(d)})` : ''}.${reason(d)}`;
    case 'copy:copy.found':
      return `Tìm thấy${copy(d)} đã báo mất, đưa trở lại kho.`;
    case 'copy:update': {
      const before = (d.before ?? {}) as Details;
      const after = (d.after ?? {}) as Details;
      const what = fieldChanges(Object.fromEntries(['location', 'price', 'note']
        .filter((k) => k in after && before[k] !== after[k])
        .map((k) => [k, k === 'price' ? [`${n(before[k])} đồng`, `${n(after[k])} đồng`] : [before[k], after[k]]])), COPY_FIELD);
      return `Sửa thông tin bản sách${copy(d)}${what ? `: ${what}` : ''}.`;
    }
    case 'title:create':
      return `Thêm đầu sách${quoted(d.title)}.`;
    case 'title:update': {
      const before = (d.before ?? {}) as Details;
      return `Sửa đầu sách${quoted(before.title ?? d.title)}.`;
    }
    case 'title:catalogue.importMarc':
      return `Nhập MARC 21${quoted(d.file)}: ${n(d.records)} bản ghi, ${n(d.titles)} đầu sách mới, ${n(d.matched)} đầu sách đã có, ${n(d.copies)} bản sách`
        + `${d.registerNumber ? ` (Sổ ĐKTQ số ${str(d.registerNumber)}${str(d.ranges) ? `, ĐKCB ${str(d.ranges)}` : ''})` : ''}.`;
    case 'classification:import':
      return `Nhập bảng phân loại${quoted(d.scheme)}: ${n(d.count)} mục.`;
    case 'accession_batch:confirm': {
      // One range per series ("STK001544–STK001560, STN000380–STN000389"); rows written before kept only the ends.
      const ranges = str(d.ranges) ? str(d.ranges)
        : d.first ? legacyRange(str(d.first), str(d.last)) : '';
      return `Xác nhận phiếu nhập, vào Sổ ĐKTQ số ${str(d.registerNumber)}: ${n(d.copies)} bản${ranges ? ` (ĐKCB ${ranges})` : ''}.`;
    }
    case 'accession_batch:create': case 'accession_batch:update': case 'accession_batch:delete':
      return `${VERB[action]} phiếu nhập nháp${d.lines !== undefined ? ` (${n(d.lines)} dòng)` : ''}.`;
    case 'withdrawal:confirm':
      return `Xác nhận biên bản xuất sách: ${n(Array.isArray(d.copies) ? d.copies.length : d.copies)} bản` +
        (Array.isArray(d.copies) && d.copies.length ? ` (${d.copies.slice(0, 5).join(', ')}${d.copies.length > 5 ? ', …' : ''})` : '') + '.';
    case 'withdrawal:create': case 'withdrawal:update': case 'withdrawal:delete':
      return `${VERB[action]} biên bản xuất nháp${d.items !== undefined ? ` (${n(d.items)} bản)` : ''}.`;
    case 'stocktake:start':
      return `Bắt đầu kiểm kê${quoted(d.name)}${d.schoolYear ? `, năm học ${str(d.schoolYear)}` : ''}.`;
    case 'stocktake:close':
      return `Kết thúc kiểm kê${quoted(d.name)}: đã quét ${n(d.scanned)}, đang mượn ${n(d.onLoan)}, thiếu ${n(d.missing)}.`;
    case 'reader:readers.rollover':
      return `Chuyển năm học ${str(d.from)} → ${str(d.to)}: ${n(d.promoted)} học sinh lên lớp, ${n(d.graduated)} học sinh ra trường.`;
    case 'reader:readers.rollover.undo':
      return `Hoàn tác chuyển năm học, trở về năm học ${str(d.to)} (${n(d.readers)} bạn đọc).`;
    case 'periodical:periodical.create':
      return `Thêm báo, tạp chí${quoted((d.after as Details | undefined)?.name)}.`;
    case 'periodical:periodical.update':
      return `Sửa báo, tạp chí${quoted((d.after as Details | undefined)?.name)}.`;
    case 'periodical_issue:periodical.issue.receive':
      return `Nhận số báo${quoted(d.periodical)}.`;
    case 'periodical_issue:periodical.issue.replace':
      return `Sửa số báo đã nhận${quoted(d.periodical)}.`;
    case 'reading_activity:activity.update':
      return `Sửa hoạt động đọc${quoted((d.after as Details | undefined)?.name)}.`;
    case 'reading_activity:activity.delete':
      return `Xóa hoạt động đọc${quoted((d.before as Details | undefined)?.name)}.`;
    case 'suggestion:suggestion.add':
      return `${d.merged ? 'Ghi thêm một lần đề xuất mua sách' : 'Nhận đề xuất mua sách'}${quoted(d.title)}.`;
    case 'suggestion:suggestion.spam':
      return `Đánh dấu ${n(d.count)} đề xuất mua sách là thư rác, bỏ khỏi hộp đề xuất.`;
    case 'suggestion:suggestion.status': {
      const label = (x: unknown) => suggestionStatusLabels[str((x as Details | undefined)?.status) as SuggestionStatus] ?? '';
      return `Đổi trạng thái đề xuất mua sách: ${label(d.before) || '—'} → ${label(d.after) || '—'}.`;
    }
    case 'digital_resource:digital.add':
      return `Thêm tài liệu số${quoted((d.after as Details | undefined)?.name)}.`;
    case 'digital_resource:digital.update':
      return `Sửa tài liệu số${quoted((d.after as Details | undefined)?.name)}.`;
    case 'digital_resource:digital.remove':
      return `Gỡ tài liệu số${quoted((d.before as Details | undefined)?.name)}.`;
    case 'plan:plan.import':
      return `Nhập báo giá${quoted(d.file)} vào kế hoạch mua sắm: ${n(d.lines)} dòng, ${n(d.copies)} bản, ${n(d.amount)} đồng.`;
    case 'account:account.add':
      return `Thêm tài khoản ${str(d.name)} (${roleLabel(str(d.role))})${str(d.card) ? `, thẻ ${str(d.card)}` : ''}${str(d.schoolYearEnd) ? `, đến hết ngày ${formatDate(str(d.schoolYearEnd))}` : ''}.`;
    case 'account:account.disable':
      return `Khóa tài khoản ${str(d.name)}.`;
    case 'account:account.enable':
      return `Mở lại tài khoản ${str(d.name)}.`;
    case 'account:account.pin':
      return `Đặt lại mã PIN của tài khoản ${str(d.name)}.`;
    case 'account:account.setup':
      return `Lần đầu sử dụng: đặt tên và mật khẩu cho tài khoản Thủ thư ${str(d.name)}, in mã khôi phục.`;
    case 'account:account.recover':
      return `Đặt lại mật khẩu của tài khoản ${str(d.name)} bằng mã khôi phục; mã cũ hết hiệu lực.`;
    case 'account:account.helpers.end':
      return `Khóa ${n(d.count)} tài khoản cộng tác viên hết năm học${helperNames(d)}.`;
    case 'account:account.helpers.restore':
      return `Mở lại ${n(d.count)} tài khoản cộng tác viên khi hoàn tác chuyển năm học${helperNames(d)}.`;
    case 'setting:account.settings': {
      const after = (d.after ?? {}) as Details;
      return `Đổi cài đặt đăng nhập: ${after.openStraightIn ? 'máy này mở thẳng vào tài khoản Thủ thư' : 'ai dùng cũng phải đăng nhập'}, khóa màn hình sau ${n(after.idleLockMinutes)} phút không dùng.`;
    }
    case 'selfcheck:selfcheck.approve':
      return `Duyệt báo cáo tự đánh giá thư viện năm học ${str(d.year)}.`;
    case 'selfcheck:selfcheck.return':
      return `Trả lại báo cáo tự đánh giá thư viện năm học ${str(d.year)}${str(d.note) ? `: ${str(d.note)}` : ''}.`;
    case 'plan:plan.submit':
      return 'Trình duyệt kế hoạch mua sắm.';
    case 'plan:plan.return':
      return 'Trả kế hoạch mua sắm về nháp.';
    case 'plan:plan.approve':
      return `Duyệt kế hoạch mua sắm${str(d.approvalNumber) ? ` (số ${str(d.approvalNumber)})` : ''}.`;
    case 'plan:plan.linkBatch': {
      const lines = Array.isArray(d.pairs) ? `: ${n(d.pairs.length)} dòng khớp` : '';
      return `Gắn phiếu nhập${batchNamed(d)} vào kế hoạch mua sắm${planNamed(d)}${lines}.`;
    }
    case 'plan:plan.unlinkBatch':
      return `Bỏ gắn phiếu nhập${batchNamed(d)} khỏi kế hoạch mua sắm${planNamed(d)}.`;
    case 'setting:digital.settings':
      return 'Đổi dung lượng tối đa của tài liệu số.';
    case 'plan:plan.create':
      return `Lập kế hoạch mua sắm${d.year ? ` năm học ${str(d.year)}` : ''}.`;
    case 'plan:plan.update':
      return 'Sửa mức kinh phí của kế hoạch mua sắm.';
    case 'plan:plan.newVersion':
      return `Lập phiên bản ${str(d.version)} của kế hoạch mua sắm.`;
    case 'plan_line:plan.line.add': case 'plan_line:plan.line.update': case 'plan_line:plan.line.delete': {
      const verb = { 'plan.line.add': 'Thêm', 'plan.line.update': 'Sửa', 'plan.line.delete': 'Xóa' }[action];
      return `${verb} một dòng của kế hoạch mua sắm${quoted(d.title)}.`;
    }
    case 'reader:reader.pin.set':
      return `Đặt mã PIN tra cứu cho bạn đọc${readerNamed(d, reader)}.`;
    case 'reader:reader.pin.reset':
      return `Đặt lại mã PIN tra cứu cho bạn đọc${readerNamed(d, reader)}.`;
    case 'reader:reader.pin.clear':
      return `Xóa mã PIN tra cứu của bạn đọc${readerNamed(d, reader)}.`;
    case 'reader:reader.create': {
      const where = str(d.className) ? `, ${/^\d/.test(str(d.className)) ? 'lớp ' : ''}${str(d.className)}` : '';
      return `Thêm bạn đọc${readerNamed(d, reader)}${str(d.code) ? `, mã ${str(d.code)}` : ''}${where}.`;
    }
    case 'reader:reader.update': {
      const what = readerChanges(d.changes);
      return `Sửa bạn đọc${readerNamed(d, reader)}${what ? `: ${what}` : ''}.`;
    }
    case 'reader:readers.import': {
      const changed = Array.isArray(d.changed) ? d.changed as Details[] : [];
      const shown = changed.slice(0, 5).map((c) => `${str(c.name)} (${str(c.code)}): ${readerChanges(c.changes)}`);
      return `Nhập danh sách bạn đọc${quoted(d.file)}: thêm mới ${n(d.created)}, cập nhật ${n(d.updated)}, không đổi ${n(d.unchanged)}` +
        (shown.length ? ` — ${shown.join('; ')}${changed.length > shown.length ? `; và ${n(changed.length - shown.length)} bạn đọc khác` : ''}` : '') + '.';
    }
    case 'setting:settings.school': {
      const what = fieldChanges(d.changes, SCHOOL_FIELD);
      return `Sửa thông tin nhà trường${what ? `: ${what}` : ''}.`;
    }
    case 'setting:settings.series.create':
      return `Thêm loại tài liệu ${str(d.code)}${quoted(d.name)}.`;
    case 'setting:settings.series.update': {
      const what = fieldChanges(d.changes, SERIES_FIELD);
      return `Sửa loại tài liệu ${str(d.code)}${quoted(d.name)}${what ? `: ${what}` : ''}.`;
    }
    case 'setting:selfcheck.save': {
      const [a, b] = Array.isArray(d.checked) ? d.checked : [];
      const ticks = a !== undefined ? `: ${n(b)} tiêu chí được đánh dấu đạt (trước đó ${n(a)})` : '';
      return `Lưu tự đánh giá TT 16 năm học ${str(d.year)}${ticks}${d.thresholds ? ', cùng ngưỡng các chỉ tiêu' : ''}.`;
    }
    case 'setting:labels.template.save':
      return `Lưu mẫu giấy nhãn ${str(d.id)}${quoted(d.name)}.`;
    case 'setting:labels.template.delete':
      return `Xóa mẫu giấy nhãn ${str(d.id)}.`;
    case 'setting:labels.calibration': {
      const after = (d.after ?? {}) as Details;
      return `Căn chỉnh máy in${quoted(d.printer)}: lệch ngang ${mm(after.dx)}, lệch dọc ${mm(after.dy)}.`;
    }
    case 'setting:labels.cardRules':
      return `Sửa nội quy in trên thẻ thư viện (${n(d.rules)} điều).`;
    case 'copy:labels.printed':
      return `In nhãn và đánh dấu đã in nhãn ${n(d.copies)} bản${str(d.ranges) ? ` (ĐKCB ${str(d.ranges)})` : ''}.`;
    case 'setting:policy.create':
      return `Thêm quy định mượn cho${policyText(d.after as Details)}.`;
    case 'setting:policy.update':
      return `Sửa quy định mượn của${policyText({ ...(d.before as Details | null ?? {}), ...(d.after as Details) })}.`;
    case 'setting:policy.delete':
      return `Xóa quy định mượn của${policyText(d.before as Details)}.`;
    case 'setting:circulation.holidays': {
      const parts = [dates(d.added) ? `thêm ${dates(d.added)}` : '', dates(d.removed) ? `bỏ ${dates(d.removed)}` : ''].filter(Boolean);
      return `Sửa danh sách ngày nghỉ${parts.length ? `: ${parts.join('; ')}` : ''}.`;
    }
    case 'reading_activity:activity.create':
      return `Thêm hoạt động đọc${quoted((d.after as Details | undefined)?.name)}.`;
    case 'reading_activity:activity.evidence':
      return `Thêm minh chứng${quoted(d.file)} cho hoạt động đọc${quoted(d.name)}.`;
    case 'plan:plan.line.addMany':
      return `Thêm vào kế hoạch mua sắm ${planLines(d)}.`;
    case 'plan:plan.line.fromSuggestion':
      return `Đưa một đề xuất mua sách vào kế hoạch mua sắm (${planLines(d)}).`;
    case 'plan:plan.line.forecast':
      return `Thêm dự trù SGK năm học ${str(d.forYear)} vào kế hoạch mua sắm: ${planLines(d)}.`;
    case 'plan:plan.line.scan':
      return `Quét ISBN ${str(d.isbn)}, thêm đầu sách vào kế hoạch mua sắm (${planLines(d)}).`;
    case 'setting:union.settings': {
      const what = [fieldChanges(d.changes, UNION_FIELD), d.key === 'changed' ? 'đổi khoá của trường' : d.key === 'removed' ? 'xóa khoá của trường' : '']
        .filter(Boolean).join('; ');
      return `Sửa cài đặt liên thông${what ? `: ${what}` : ''}.`;
    }
    case 'setting:union.push':
      return `${d.scheduled ? 'Tự động đồng bộ' : 'Đồng bộ'} với mục lục liên hợp ${str(d.server)}${str(d.school) ? ` cho ${str(d.school)}` : ''}: `
        + `gửi ${n(d.records)} đầu sách.`;
    case 'setting:opac.settings': {
      const after = (d.after ?? {}) as Details;
      return after.enabled
        ? `Bật tra cứu qua mạng nội bộ (giao diện ${after.host === '0.0.0.0' ? 'mọi mạng' : str(after.host)}, cổng ${str(after.port)}).`
        : 'Tắt tra cứu qua mạng nội bộ.';
    }
    default:
      return `Thay đổi: ${auditKindLabel(entity).toLowerCase()}${VERB[action] ? ` (${VERB[action].toLowerCase()})` : ''}.`;
  }
}
