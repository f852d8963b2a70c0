import QRCode from 'qrcode';
import { A4, createPdfFile, mm } from './document';

export interface OpacPosterInput {
  file: string;
  schoolName: string;
  /** The address to type, e.g. http://192.168.1.10:8080/ */
  url: string;
}

/**
 * "Tra cứu thư viện": an A4 poster for a classroom wall with the OPAC's address in large print and as
 * a QR code (drawn as vector squares, sharp at any printer resolution).
 */
export async function drawOpacPoster(input: OpacPosterInput): Promise<{ path: string; bytes: number; pages: number }> {
  const pdf = createPdfFile({ file: input.file, title: 'Tra cứu thư viện trên mạng nội bộ', subject: input.url, margin: 20 });
  const doc = pdf.doc;
  doc.addPage();
  const width = A4.width - 40;
  doc.font('serifBold').fontSize(16).text(input.schoolName.toUpperCase(), mm(20), mm(22), { width: mm(width), align: 'center' });
  doc.font('serifBold').fontSize(34).text('TRA CỨU SÁCH THƯ VIỆN', mm(20), mm(40), { width: mm(width), align: 'center' });
  doc.font('serif').fontSize(15).text(
    'Dùng điện thoại hoặc máy tính nối Wi-Fi / mạng của nhà trường: quét mã QR hoặc gõ địa chỉ dưới đây vào trình duyệt.',
    mm(25), mm(62), { width: mm(width - 10), align: 'center' },
  );

  const qr = QRCode.create(input.url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = 120; // mm
  const quiet = 4;
  const cell = side / (n + 2 * quiet);
  const left = (A4.width - side) / 2;
  const top = 90;
  doc.save();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(mm(left + (c + quiet) * cell), mm(top + (r + quiet) * cell), mm(cell) + 0.3, mm(cell) + 0.3);
    }
  }
  doc.fill('#000000');
  doc.restore();

  doc.font('sansBold').fontSize(30).text(input.url, mm(10), mm(top + side + 8), { width: mm(A4.width - 20), align: 'center' });
  doc.font('serif').fontSize(14).text(
    'Tìm sách không cần gõ dấu, xem sách còn trên giá hay không và ở kệ nào, đọc tài liệu số của thư viện, gửi đề xuất mua sách. '
    + 'Giáo viên đăng nhập bằng số thẻ thư viện và mã PIN do cán bộ thư viện cấp.',
    mm(25), mm(top + side + 28), { width: mm(width - 10), align: 'center' },
  );
  doc.font('serifItalic').fontSize(12).text('Chỉ dùng được trong mạng nội bộ của nhà trường.', mm(20), mm(272), { width: mm(width), align: 'center' });
  return pdf.finish();
}
