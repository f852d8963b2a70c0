import { fold } from '../text';

/**
 * What each input field is called on the screens, so a validation message names the field the way
 * the librarian knows it ("ISBN", "Năm học"), never by its key ("isbn", "schoolYear").
 */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Nhan đề', subtitle: 'Phụ đề', volume: 'Tập', authors: 'Tác giả', publisher: 'Nhà xuất bản', placeOfPublication: 'Nơi xuất bản',
  place: 'Nơi xuất bản', publicationYear: 'Năm xuất bản', year: 'Năm', edition: 'Lần xuất bản', pages: 'Số trang', sizeCm: 'Khổ (cm)',
  coverPrice: 'Giá bìa', price: 'Giá', unitPrice: 'Đơn giá', isbn: 'ISBN', language: 'Ngôn ngữ', seriesId: 'Loại tài liệu', series: 'Loại tài liệu',
  seriesCode: 'Loại tài liệu', classification: 'Môn loại', authorMark: 'Ký hiệu tác giả', keywords: 'Từ khóa', summary: 'Tóm tắt',
  gradeLevel: 'Khối lớp', grade: 'Khối', subject: 'Môn học', quantity: 'Số lượng', acquisitionMode: 'Hình thức', existingCodes: 'Số ĐKCB',
  source: 'Nguồn', voucherNumber: 'Số chứng từ', supplier: 'Nhà cung cấp', note: 'Ghi chú', notes: 'Ghi chú', date: 'Ngày',
  approvalDate: 'Ngày duyệt', members: 'Thành phần hội đồng', decisionNumber: 'Số quyết định', number: 'Số biên bản', reason: 'Lý do',
  reasonNote: 'Ghi chú lý do', lines: 'Dòng', items: 'Bản sách', schoolYear: 'Năm học', to: 'Năm học mới', from: 'Từ', code: 'Mã',
  cardNumber: 'Số thẻ', fullName: 'Họ và tên', birthDate: 'Ngày sinh', sex: 'Giới tính', className: 'Lớp', department: 'Tổ chuyên môn',
  position: 'Chức vụ', phone: 'Điện thoại', kind: 'Loại', readerKind: 'Loại bạn đọc', name: 'Tên', prefix: 'Tiền tố', separator: 'Dấu ngăn',
  padding: 'Số chữ số', loanDays: 'Số ngày mượn', maxItems: 'Số bản tối đa', maxRenewals: 'Số lần gia hạn', dueAt: 'Hạn trả',
  copyCode: 'Số ĐKCB', accessionCode: 'Số ĐKCB', codes: 'Số ĐKCB', query: 'Tìm kiếm', file: 'Tệp', fileName: 'Tệp', templateId: 'Mẫu giấy nhãn',
  start: 'Vị trí bắt đầu', printer: 'Máy in', moduleWidth: 'Vạch hẹp nhất', pageWidth: 'Chiều rộng trang', pageHeight: 'Chiều cao trang',
  marginTop: 'Lề trên', marginLeft: 'Lề trái', labelWidth: 'Chiều rộng nhãn', labelHeight: 'Chiều cao nhãn', pitchX: 'Bước ngang',
  pitchY: 'Bước dọc', cornerRadius: 'Bán kính góc', schoolName: 'Tên trường', principal: 'Hiệu trưởng', librarian: 'Người làm công tác thư viện',
  managingBody: 'Cơ quan quản lý', address: 'Địa chỉ', participants: 'Số người tham gia', personInCharge: 'Người phụ trách',
  issueNumber: 'Số báo', receivedOn: 'Ngày nhận', frequency: 'Kỳ hạn', amount: 'Số tiền', compensation: 'Bồi thường', month: 'Tháng',
  condition: 'Tình trạng', location: 'Vị trí', mapping: 'Cột', pin: 'Mã PIN', port: 'Cổng',
  suggestionsPerDay: 'Số đề xuất mỗi ngày',
};

/** "lines.2.quantity" → "Số lượng (dòng 3)"; a key without a label is left out (null). */
export function fieldLabel(path: readonly PropertyKey[]): string | null {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const last = keys[keys.length - 1];
  const label = last !== undefined ? FIELD_LABELS[last] : undefined;
  if (!label) return null;
  const index = path.findIndex((p) => typeof p === 'number');
  const row = index > 0 && path[index - 1] === 'lines' ? ` (dòng ${(path[index] as number) + 1})` : '';
  return `${label}${row}`;
}

/** The parts of a zod issue this module reads (kept structural so the renderer can use it too). */
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
}

/** zod's generic messages name types ("mong đợi int, nhận được string"); say it the way people do. */
function plainMessage(issue: IssueLike): string {
  const m = issue.message;
  if (/^Đầu vào không hợp lệ/.test(m)) {
    if (issue.expected === 'number' || issue.expected === 'int') return issue.expected === 'int' ? 'cần số nguyên' : 'cần một số';
    if (issue.expected === 'string') return 'cần nhập chữ';
    return 'giá trị không đúng dạng';
  }
  const unit = issue.origin === 'string' ? ' ký tự' : issue.origin === 'array' ? ' mục' : '';
  if (/^Quá nhỏ/.test(m)) return typeof issue.minimum === 'number' ? `ít nhất ${issue.minimum}${unit}` : 'quá nhỏ';
  if (/^Quá lớn/.test(m)) return typeof issue.maximum === 'number' ? `tối đa ${issue.maximum}${unit}` : 'quá lớn';
  if (/^Tùy chọn không hợp lệ/.test(m)) return 'giá trị không có trong danh sách được chọn';
  return m;
}

/** One sentence for a refused input: the field as people call it, then what is wrong with it. */
export function describeInvalid(issue: IssueLike): string {
  const { path } = issue;
  const message = plainMessage(issue);
  const label = fieldLabel(path);
  if (!label) return `Dữ liệu không hợp lệ: ${message}`;
  const name = label.replace(/ \(dòng \d+\)$/, '');
  // Messages written for the field already name it ("Giá bìa: không đọc được…", "ISBN không đúng…").
  if (fold(message).startsWith(fold(name))) return label === name ? message : `${message} (${label.slice(name.length + 2, -1)})`;
  return `${label}: ${message}`;
}
