import { AppError } from '../../../shared/errors';

/**
 * Disk and file problems in words a librarian can act on. SQLite rolls back the statement that hit
 * them, so nothing is half-written; the message says so.
 */
export function storageError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string } | null;
  const code = e?.code ?? '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new AppError('DISK_FULL', 'Ổ đĩa đã đầy (hoặc tệp dữ liệu đã đến giới hạn kích thước): thao tác vừa rồi chưa được ghi, dữ liệu cũ vẫn nguyên vẹn. Hãy giải phóng chỗ trống trên ổ đĩa rồi thử lại.');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new AppError('READ_ONLY', 'Không ghi được vào thư mục dữ liệu (thư mục hoặc tệp chỉ cho đọc, hoặc không có quyền): chưa có gì được ghi. Hãy kiểm tra quyền của thư mục dữ liệu rồi thử lại.');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'EBUSY') {
    return new AppError('LOCKED', 'Tệp dữ liệu đang bị một chương trình khác khóa (một Kệ Sách khác, phần mềm diệt virus hoặc sao lưu): chưa có gì được ghi. Hãy đóng chương trình đó rồi thử lại.');
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new AppError('DATABASE_DAMAGED', `Tệp dữ liệu bị hỏng (${e?.message ?? code}). Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu & khôi phục).`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT') {
    return new AppError('CANNOT_OPEN', 'Không mở được tệp dữ liệu (thư mục không tồn tại, bị xóa hoặc không có quyền truy cập).');
  }
  return null;
}
