/**
 * What each table holds, in Vietnamese, for the README inside the export-all zip. A table not listed
 * here (added by a later migration) is still exported, with its columns, and reads "chưa có mô tả".
 */
export const TABLE_DESCRIPTIONS: Record<string, string> = {
  migrations: 'Các bước nâng cấp cấu trúc dữ liệu đã chạy (phiên bản dữ liệu).',
  setting: 'Cài đặt: thông tin nhà trường, năm học, các tùy chọn (khóa – giá trị, giá trị dạng JSON).',
  collection_series: 'Các loại tài liệu (STK, SGK, SNV…) và cách đánh số ĐKCB (tiền tố, số tiếp theo).',
  classification: 'Bảng phân loại (môn loại) dùng khi biên mục.',
  title: 'Đầu sách: nhan đề, tác giả, nhà xuất bản, năm, ISBN, môn loại, ký hiệu tác giả…',
  accession_batch: 'Phiếu nhập sách (Sổ đăng ký tổng quát phần I): ngày, nguồn, số chứng từ, tổng số bản và tổng tiền.',
  accession_batch_line: 'Các dòng của phiếu nhập: đầu sách, số lượng, đơn giá.',
  withdrawal: 'Biên bản xuất sách (thanh lọc, thanh lý): số, ngày, quyết định.',
  withdrawal_item: 'Các bản sách trong biên bản xuất và lý do xuất.',
  copy: 'Bản sách: số ĐKCB, mã vạch, tình trạng (sẵn sàng, đang mượn, đang giữ cho bạn đọc đặt trước, đã thanh lọc, mất), giá, vị trí.',
  reader: 'Bạn đọc: học sinh, giáo viên, nhân viên; mã, số thẻ, họ tên, lớp hoặc tổ.',
  loan_policy: 'Quy định mượn: số cuốn, số ngày, gia hạn, số đầu sách được đặt trước và số ngày giữ sách đặt trước, theo đối tượng và loại tài liệu.',
  reservation: 'Đặt trước: bạn đọc chờ một đầu sách (theo thứ tự đặt), bản sách đang giữ và hạn giữ, người đặt, ngày nhận, hủy (lý do) hoặc hết hạn giữ.',
  loan: 'Lượt mượn: bản sách, bạn đọc, ngày mượn, hạn trả, ngày trả, gia hạn, mất và bồi thường.',
  visit: 'Lượt đến thư viện: mỗi lần bạn đọc (hoặc một nhóm, kèm số người) đến thư viện.',
  in_library_use: 'Lượt đọc tại chỗ: bản sách được đọc trong thư viện, không mượn (quét ở chế độ "Ghi lượt đọc"), kèm bạn đọc nếu có.',
  stocktake: 'Các đợt kiểm kê.',
  stocktake_item: 'Các bản sách đã quét trong mỗi đợt kiểm kê.',
  reading_activity: 'Hoạt động đọc (ngày, tên, hình thức, đối tượng, số người tham gia).',
  periodical: 'Báo, tạp chí nhận về.',
  periodical_issue: 'Các số báo, tạp chí đã nhận.',
  audit_log: 'Nhật ký thay đổi (chỉ ghi thêm): thời điểm, người, hành động, đối tượng, chi tiết dạng JSON.',
  rollover: 'Các lần chuyển năm học (để hoàn tác lần gần nhất).',
  suggestion: 'Đề xuất mua sách của giáo viên, học sinh.',
  digital_resource: 'Tài liệu số: sách điện tử, sách nói, video, liên kết.',
  digital_view: 'Lượt xem tài liệu số.',
  plan: 'Kế hoạch mua sắm theo năm học (các phiên bản, trạng thái, kinh phí).',
  plan_line: 'Các dòng của kế hoạch mua sắm: đầu sách, số lượng, đơn giá.',
  plan_receipt: 'Phiếu nhập đã đối chiếu với kế hoạch mua sắm.',
  reader_pin: 'Thẻ giáo viên, nhân viên đã có mã PIN tra cứu: số lần nhập sai, khóa tạm (mã băm và muối của PIN không được xuất).',
  opac_search_day: 'Số lượt tra cứu qua mạng nội bộ theo ngày (không ghi nội dung tìm, không ghi máy tìm).',
};

/**
 * Columns never written to the open export: a 4–8 digit PIN is found from its scrypt hash and salt by
 * trying every PIN offline, so a zip handed to another school or system must not carry them.
 */
export const SECRET_COLUMNS: Record<string, string[]> = {
  reader_pin: ['hash', 'salt'],
};
