/**
 * The contract's enumerations and the words people read for them. No zod here on purpose: the
 * renderer imports these values (and only types from the rest of the contract), so zod and the
 * schemas stay out of its bundle. The contract files use and re-export them.
 */

/** Bạn đọc: who may borrow. */
export const readerKinds = ['student', 'teacher', 'staff'] as const;
export type ReaderKind = (typeof readerKinds)[number];
export const readerKindLabels: Record<ReaderKind, string> = { student: 'Học sinh', teacher: 'Giáo viên', staff: 'Nhân viên' };

/** The printable registers and minutes (docs/domain.md, "Sổ sách: common layout"). */
export const registerKinds = ['dktq', 'dkcb', 'sgk', 'muon', 'nhap', 'xuat', 'mucluc', 'baochi'] as const;
export type RegisterKind = (typeof registerKinds)[number];
export const registerLabels: Record<RegisterKind, string> = {
  dktq: 'Sổ đăng ký tổng quát',
  dkcb: 'Sổ đăng ký cá biệt',
  sgk: 'Sổ đăng ký sách giáo khoa',
  muon: 'Sổ mượn sách',
  nhap: 'Biên bản nhập sách',
  xuat: 'Biên bản xuất / thanh lý sách',
  mucluc: 'Mục lục chữ cái',
  baochi: 'Sổ đăng ký báo, tạp chí',
};

/** Hoạt động thư viện (docs/domain.md, "Hoạt động thư viện (reading activities)"). */
export const activityForms = {
  ngay_sach: 'Ngày Sách và Văn hóa đọc (21/4)',
  gioi_thieu_sach: 'Giới thiệu sách',
  tiet_doc: 'Tiết đọc thư viện',
  cuoc_thi: 'Cuộc thi',
  trung_bay: 'Trưng bày, triển lãm',
  quyen_gop: 'Quyên góp sách',
  khac: 'Hoạt động khác',
} as const;
export type ActivityForm = keyof typeof activityForms;

/** Sổ đăng ký báo, tạp chí (docs/domain.md, "Sổ đăng ký báo, tạp chí"): the languages offered. */
export const periodicalLanguages: Record<string, string> = {
  vi: 'Tiếng Việt', en: 'Tiếng Anh', fr: 'Tiếng Pháp', ru: 'Tiếng Nga', zh: 'Tiếng Trung', ja: 'Tiếng Nhật', ko: 'Tiếng Hàn',
};

/** "Tiếng Việt" for 'vi'; any other stored text as it is. */
export function languageLabel(code: string): string {
  return periodicalLanguages[code] ?? code;
}

/** Suggestions for the frequency field (kỳ hạn xuất bản); any text is accepted. */
export const periodicalFrequencies = ['hằng ngày', '2 số/tuần', 'hằng tuần', 'nửa tháng', 'hằng tháng', 'hằng quý'] as const;

/** Where the copies of a phiếu nhập come from. */
export const batchSources = ['mua', 'bieu_tang', 'cap_phat', 'khac'] as const;
/** How people name each source of a phiếu nhập (screens, prints, CLI); the stored keys are never shown. */
/** Lý do xuất of a biên bản xuất, as the screens and the prints name them. */
export const REASON_LABELS: Record<string, string> = {
  damaged: 'Hư nát', lost: 'Mất', lostPaid: 'Mất – độc giả đền', outdated: 'Lạc hậu', other: 'Lý do khác',
};
export const SOURCE_LABELS: Record<string, string> = { mua: 'Mua', bieu_tang: 'Biếu tặng', cap_phat: 'Cấp phát', khac: 'Khác' };
export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? source;

/** Đề xuất mua sách (purchase suggestions): where one came from and where it stands. */
export const suggestionSources = ['opac', 'typed'] as const;
export type SuggestionSource = (typeof suggestionSources)[number];
export const suggestionSourceLabels: Record<SuggestionSource, string> = { opac: 'Tra cứu trực tuyến', typed: 'Thủ thư nhập' };
export const suggestionStatuses = ['new', 'planned', 'rejected', 'spam'] as const;
export type SuggestionStatus = (typeof suggestionStatuses)[number];
export const suggestionStatusLabels: Record<SuggestionStatus, string> = { new: 'Mới', planned: 'Đã đưa vào kế hoạch', rejected: 'Không mua', spam: 'Thư rác' };

/** Tài liệu số (docs/domain.md, "Thư viện số"): the forms a resource takes. */
export const digitalForms = {
  ebook: 'Sách điện tử',
  audiobook: 'Sách nói',
  video: 'Video bài giảng',
  image: 'Tranh ảnh',
  link: 'Liên kết',
} as const;
export type DigitalForm = keyof typeof digitalForms;

/** Who may open a digital resource: anyone on the school network, staff who sign in, or only inside the desktop app. */
export const digitalAccessLevels = {
  public: 'Mọi người',
  staff: 'Giáo viên',
  library: 'Tại thư viện',
} as const;
export type DigitalAccess = keyof typeof digitalAccessLevels;

/** The kinds of change the Nhật ký can be filtered by (labels shown on screen and in the export). */
export const auditKinds = {
  loan: 'Mượn – trả',
  copy: 'Bản sách',
  title: 'Đầu sách',
  accession: 'Nhập sách',
  withdrawal: 'Xuất sách, thanh lọc',
  stocktake: 'Kiểm kê',
  reader: 'Bạn đọc',
  periodical: 'Báo, tạp chí',
  activity: 'Hoạt động đọc',
  classification: 'Bảng phân loại',
  suggestion: 'Đề xuất mua sách',
  digital: 'Tài liệu số',
  plan: 'Kế hoạch mua sắm',
  setting: 'Cài đặt',
  database: 'Khôi phục dữ liệu',
  selfcheck: 'Tự đánh giá',
  account: 'Tài khoản',
  reservation: 'Đặt trước',
} as const;
export type AuditKind = keyof typeof auditKinds;

/** Kế hoạch mua sắm (the yearly acquisition plan): where a plan stands, why a line is bought, how urgent. */
export const planStatuses = ['draft', 'submitted', 'approved', 'executing'] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const planStatusLabels: Record<PlanStatus, string> = { draft: 'Nháp', submitted: 'Trình duyệt', approved: 'Đã duyệt', executing: 'Thực hiện' };
export const planReasons = ['replace', 'tt16', 'suggestion', 'sgk', 'other'] as const;
export type PlanReason = (typeof planReasons)[number];
export const planReasonLabels: Record<PlanReason, string> = {
  replace: 'Thay thế bản hư/mất', tt16: 'Bổ sung theo TT 16', suggestion: 'Đề xuất của giáo viên/học sinh', sgk: 'Dự trù SGK', other: 'Khác',
};
export const planPriorities = ['high', 'normal', 'low'] as const;
export type PlanPriority = (typeof planPriorities)[number];
export const planPriorityLabels: Record<PlanPriority, string> = { high: 'Cao', normal: 'Trung bình', low: 'Thấp' };
/** Suggested funding sources (nguồn kinh phí); any text is accepted. */
export const planFundingSources = ['Ngân sách', 'Xã hội hóa', 'Nguồn khác'] as const;

/**
 * Why a backup was written: the schedule (`auto`), "Sao lưu ngay" (`manual`), just before a restore
 * replaced the database, just before a migration, or the damaged file kept aside.
 */
export const backupKinds = ['auto', 'manual', 'before-restore', 'before-migration', 'damaged'] as const;
export type BackupKind = (typeof backupKinds)[number];
export const backupKindLabels: Record<BackupKind, string> = {
  auto: 'Tự động',
  manual: 'Sao lưu ngay',
  'before-restore': 'Trước khi khôi phục',
  'before-migration': 'Trước khi nâng cấp',
  damaged: 'Tệp hỏng giữ lại',
};

/**
 * Mã PIN tra cứu: 6 to 8 digits. Six is what the guessing limits need to hold out longer than a school
 * year (the arithmetic is in docs/domain.md); main/services/readers/pin.ts applies the same rule.
 */
export const PIN_DIGITS = { min: 6, max: 8 } as const;
export const PIN_RULE = `Mã PIN gồm ${PIN_DIGITS.min} đến ${PIN_DIGITS.max} chữ số.`;
export const PIN_PATTERN = new RegExp(`^\\d{${PIN_DIGITS.min},${PIN_DIGITS.max}}$`);

/** Đặt trước (issue 22): where a reservation stands. A ready one has a copy on the hold shelf for its reader. */
export const reservationStatuses = ['waiting', 'ready', 'fulfilled', 'cancelled', 'expired'] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];
export const reservationStatusLabels: Record<ReservationStatus, string> = {
  waiting: 'Đang chờ', ready: 'Đang giữ', fulfilled: 'Đã nhận', cancelled: 'Đã hủy', expired: 'Hết hạn giữ',
};
/** Who placed a reservation made by a signed-in teacher in the OPAC. */
export const OPAC_PLACED_BY = 'Tra cứu trực tuyến';
