import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { dispatch } from '../dispatch';
import { rolloverRefusal, rolloverWarning } from './rollover';
import { importReadersFile } from './import';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await tempContext();
});
afterEach(async () => ctx.cleanup());

const snapshot = async () => ctx.query('SELECT * FROM reader ORDER BY id');

describe('reader import', () => {
  it('imports the fixture class lists: 371 students in 12 classes and 13 staff', async () => {
    const s = await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    expect(s).toMatchObject({ created: 371, updated: 0, students: 371, staff: 0, written: true });
    expect(s.classes).toEqual(['6A1', '6A2', '6A3', '7A1', '7A2', '7A3', '8A1', '8A2', '8A3', '9A1', '9A2', '9A3']);
    const t = await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
    expect(t).toMatchObject({ created: 13, students: 0, staff: 13 });
    const stats = await ctx.call('stats.summary', {});
    expect(stats.readers).toEqual({ students: 371, staff: 13, active: 384 });
    const classes = await ctx.call('readers.classes', {});
    expect(classes).toHaveLength(12);
    expect(classes.find((c) => c.className === '8A1')?.students).toBe(34);
    const [hoa] = await ctx.query("SELECT * FROM reader WHERE code = '220561001'");
    expect(hoa).toMatchObject({ full_name: 'Trương Kim Hoa', birth_date: '2012-11-11', sex: 'nu', class_name: '6A1', grade: 6, kind: 'student', card_number: 'HS000001' });
    const [librarian] = await ctx.query("SELECT * FROM reader WHERE code = 'GV013'");
    expect(librarian).toMatchObject({ kind: 'staff', department: 'Văn phòng', position: 'Nhân viên thư viện' });
    expect(librarian.card_number).toMatch(/^GV\d{6}$/);
    const [teacher] = await ctx.query("SELECT * FROM reader WHERE code = 'GV001'");
    expect(teacher).toMatchObject({ kind: 'teacher', department: 'Toán', card_number: 'GV000001' });
    // Every card number is IME-safe: consonant prefix + digits.
    const cards: { card_number: string }[] = await ctx.query('SELECT card_number FROM reader');
    expect(cards.every((c) => /^(HS|GV)\d{6}$/.test(c.card_number))).toBe(true);
  });

  it('importing the same files again changes nothing', async () => {
    await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
    const before = await snapshot();
    const again = await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    const again2 = await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 371 });
    expect(again2).toMatchObject({ created: 0, updated: 0, unchanged: 13 });
    expect(await snapshot()).toEqual(before);
  });

  it('re-import updates by code instead of duplicating', async () => {
    await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    const file = path.join(ctx.dataDir, 'sua.csv');
    fs.writeFileSync(file, 'STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp\n1,220561001,Trương Kim Hoa,11/11/2012,Nữ,6A2\n2,999,Lê Văn Mới,01/02/2013,Nam,6A3\n');
    // The preview says what an update changes, not just "cập nhật".
    const preview = await ctx.call('readers.previewImport', { file });
    expect(preview.preview.map((p) => [p.code, p.action, p.changes])).toEqual([['220561001', 'update', 'lớp 6A1 → 6A2'], ['999', 'create', '']]);
    const r = await importReadersFile(ctx, file);
    expect(r).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const rows = await ctx.query("SELECT class_name, card_number FROM reader WHERE code = '220561001'");
    expect(rows).toEqual([{ class_name: '6A2', card_number: 'HS000001' }]);
    const [fresh] = await ctx.query("SELECT card_number FROM reader WHERE code = '999'");
    expect(fresh.card_number).toBe('HS000372');
  });

  it('a list without a column keeps what the library knows: re-importing a list without "Giới tính" blanks nobody\'s sex', async () => {
    await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    const file = path.join(ctx.dataDir, 'khong-gioi-tinh.csv');
    fs.writeFileSync(file, 'STT,Mã học sinh,Họ và tên,Ngày sinh,Lớp\n1,220561001,Trương Kim Hoa,11/11/2012,6A1\n2,220561002,Trần Đức Trung,23/09/2012,6A1\n');
    const r = await importReadersFile(ctx, file);
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await ctx.query("SELECT code, sex FROM reader WHERE code IN ('220561001', '220561002') ORDER BY code"))
      .toEqual([{ code: '220561001', sex: 'nu' }, { code: '220561002', sex: 'nam' }]);
  });

  it('reports columns it does not import and a grade it cannot read', async () => {
    const file = path.join(ctx.dataDir, 'cot-la.csv');
    fs.writeFileSync(file, 'STT,Mã học sinh,Họ và tên,Lớp,Khối,Dân tộc,Người giám hộ\n1,1001,Nguyễn Văn A,6A1,6,Kinh,Nguyễn Văn B\n2,1002,Trần Thị C,6A1,sáu,Kinh,\n');
    const preview = await ctx.call('readers.previewImport', { file });
    expect(preview.unknownColumns).toEqual(['Dân tộc', 'Người giám hộ']);
    expect(preview.errors).toEqual([{ row: 3, message: expect.stringContaining('khối "sáu" không đọc được') }]);
  });

  it('reports errors per row in Vietnamese and writes nothing', async () => {
    const file = path.join(ctx.dataDir, 'loi.csv');
    fs.writeFileSync(file, [
      'STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp',
      '1,1001,Nguyễn Văn A,01/01/2012,Nam,6A1',
      '2,1002,,31/02/2012,Nam,6A1',
      '3,1001,Trần Thị B,01/01/2012,Nữ,lớp sáu',
    ].join('\n'));
    const preview = await ctx.call('readers.previewImport', { file });
    expect(preview.written).toBe(false);
    expect(preview.errors.map((e) => e.row)).toEqual([3, 4]);
    expect(preview.errors[0].message).toContain('thiếu họ và tên');
    expect(preview.errors[0].message).toContain('ngày sinh "31/02/2012" không hợp lệ');
    expect(preview.errors[1].message).toContain('trùng với dòng 2');
    await expect(ctx.call('readers.import', { file })).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(await snapshot()).toEqual([]);
  });

  it('reads .xlsx lists with a title row above the header (browser upload path)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['DANH SÁCH HỌC SINH LỚP 7A2']);
    ws.addRow(['STT', 'Mã học sinh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Lớp']);
    ws.addRow([1, 5001, 'Đỗ Thị Ánh', new Date(Date.UTC(2011, 4, 3)), 'Nữ', '7A2']);
    ws.addRow([2, 5002, 'Hồ Văn Bình', '04/05/2011', 'Nam', '7A2']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await ctx.call('readers.import', { fileName: 'lop-7a2.xlsx', contentBase64: buffer.toString('base64') });
    expect(r).toMatchObject({ created: 2, classes: ['7A2'] });
    const rows = await ctx.query("SELECT code, birth_date FROM reader ORDER BY code");
    expect(rows).toEqual([{ code: '5001', birth_date: '2011-05-03' }, { code: '5002', birth_date: '2011-05-04' }]);
  });

  it('searches readers without diacritics', async () => {
    await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    const r = await ctx.call('readers.list', { q: 'truong kim hoa' });
    expect(r.rows.map((x) => x.fullName)).toContain('Trương Kim Hoa');
    const byClass = await ctx.call('readers.list', { className: '6a1', limit: 1000 });
    expect(byClass.total).toBe(31);
  });
});

/** A copy of "Sách thử" (STK000001) lent to the first 9A1 student, due 27/11/2026; returns that student's id. */
async function lendToFirstNinth(): Promise<number> {
  const [ninth] = await ctx.query("SELECT id FROM reader WHERE class_name = '9A1' ORDER BY id LIMIT 1");
  await ctx.query(`INSERT INTO accession_batch (status, register_number, date, source, voucher_number, supplier, note, total_copies, total_value, created_at)
    VALUES ('confirmed', 1, '2026-09-01', 'mua', '', '', '', 1, 0, '2026-09-01')`);
  await ctx.query(`INSERT INTO title (title, subtitle, volume, authors, publisher, place_of_publication, edition, language, series_id, classification, author_mark, keywords, summary, subject, dedupe_key, created_at, updated_at)
    VALUES ('Sách thử', '', '', '', '', '', '', 'vi', 3, '', '', '', '', '', 'sach thu', '2026-09-01', '2026-09-01')`);
  await ctx.query(`INSERT INTO copy (title_id, series_id, accession_number, accession_code, barcode, status, price, batch_id, created_at) VALUES (1, 3, 1, 'STK000001', 'STK000001', 'onLoan', 0, 1, '2026-09-01')`);
  await ctx.query(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at) VALUES (1, ?, 'short', '2026-11-20', '2026-11-27')`, [ninth.id]);
  return ninth.id;
}

async function importFixtures(): Promise<void> {
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
}

describe('school-year rollover', () => {
  it('moves 6A1 → 7A1, deactivates grade 9, keeps loans and re-issues cards', async () => {
    await importFixtures();
    const [hoa] = await ctx.query("SELECT id FROM reader WHERE code = '220561001'");
    // A loan on a grade-9 student survives.
    const ninth = await lendToFirstNinth();
    const r = await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    expect(r).toMatchObject({ from: '2026-2027', to: '2027-2028', promoted: 371 - 95, graduated: 95 });
    expect(r.cardsReissued).toBe(371 - 95 + 13);
    const [moved] = await ctx.query('SELECT class_name, grade, school_year, card_number, card_issued_at FROM reader WHERE id = ?', [hoa.id]);
    expect(moved).toMatchObject({ class_name: '7A1', grade: 7, school_year: '2027-2028', card_number: 'HS000001' });
    expect(String(moved.card_issued_at).slice(0, 10)).toBe('2026-11-26');
    const counts = await ctx.query("SELECT class_name AS c, COUNT(*) AS n FROM reader WHERE kind = 'student' AND active = 1 GROUP BY class_name ORDER BY class_name");
    expect(counts.map((x: { c: string }) => x.c)).toEqual(['7A1', '7A2', '7A3', '8A1', '8A2', '8A3', '9A1', '9A2', '9A3']);
    expect(counts.find((x: { c: string }) => x.c === '7A1').n).toBe(31);
    const inactive = await ctx.query("SELECT DISTINCT class_name AS c FROM reader WHERE active = 0 ORDER BY c");
    expect(inactive.map((x: { c: string }) => x.c)).toEqual(['9A1', '9A2', '9A3']);
    expect(await ctx.query('SELECT reader_id FROM loan')).toEqual([{ reader_id: ninth }]);
    expect((await ctx.call('settings.getSchool', {})).schoolYear).toBe('2027-2028');
    expect((await ctx.call('settings.getSchool', {})).schoolYearEnd).toBe('2028-05-31');
    await expect(ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' })).rejects.toMatchObject({ code: 'ROLLOVER_REFUSED' });
  });
});

describe('rollover refusal rules', () => {
  it('allows only the next school year, starting at most twelve months from today', () => {
    expect(rolloverRefusal('2026-2027', '2027-2028', '2026-11-30')).toBeNull();
    expect(rolloverRefusal('2026-2027', '2028-2029', '2026-11-30')).toContain('chỉ chuyển được sang năm học 2027-2028');
    expect(rolloverRefusal('2026-2027', '2026-2027', '2026-11-30')).toContain('chỉ chuyển được sang năm học 2027-2028');
    // After one rollover the same day: 2028-2029 starts 01/09/2028, more than twelve months away.
    expect(rolloverRefusal('2027-2028', '2028-2029', '2026-11-30')).toBe(
      'Năm học 2028-2029 bắt đầu ngày 01/09/2028, hơn 12 tháng sau hôm nay (30/11/2026): chưa chuyển sang năm học này được.');
    // The boundary: exactly twelve months ahead is allowed, a day more is not.
    expect(rolloverRefusal('2026-2027', '2027-2028', '2026-09-01')).toBeNull();
    expect(rolloverRefusal('2026-2027', '2027-2028', '2026-08-31')).toContain('hơn 12 tháng');
  });

  it('warns outside June–September only', () => {
    expect(rolloverWarning('2026-2027', '2026-11-30')).toContain('30/11/2026');
    expect(rolloverWarning('2026-2027', '2027-05-31')).not.toBeNull();
    expect(rolloverWarning('2026-2027', '2027-06-01')).toBeNull();
    expect(rolloverWarning('2026-2027', '2027-09-30')).toBeNull();
  });

  it('on 30/11/2026 the rollover to 2027-2028 goes through and a second one to 2028-2029 is refused, changing nothing', async () => {
    await ctx.cleanup();
    ctx = await tempContext({ now: new Date('2026-11-30T10:00:00+07:00') });
    await importFixtures();
    const preview = await ctx.call('readers.rolloverPreview', { to: '2027-2028' });
    expect(preview.refusal).toBeNull();
    expect(preview.warning).toContain('30/11/2026');
    await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    const before = await snapshot();
    const again = await ctx.call('readers.rolloverPreview', { to: '2028-2029' });
    expect(again.refusal).toContain('hơn 12 tháng');
    await expect(ctx.call('readers.rollover', { to: '2028-2029', confirm: '2028-2029' })).rejects.toMatchObject({ code: 'ROLLOVER_REFUSED' });
    expect(await snapshot()).toEqual(before);
    expect((await ctx.call('settings.getSchool', {})).schoolYear).toBe('2027-2028');
  });

  it('refuses a year that is not the next one, and a confirmation that does not repeat the year', async () => {
    await importFixtures();
    const before = await snapshot();
    await expect(ctx.call('readers.rollover', { to: '2028-2029', confirm: '2028-2029' })).rejects.toMatchObject({ code: 'ROLLOVER_REFUSED' });
    await expect(ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027' })).rejects.toMatchObject({ code: 'ROLLOVER_CONFIRM' });
    expect(await snapshot()).toEqual(before);
    expect((await ctx.call('settings.getSchool', {})).schoolYear).toBe('2026-2027');
  });
});

describe('rollover preview', () => {
  it('lists classes before → after, the readers who leave and their open loans, and changes nothing', async () => {
    await importFixtures();
    const ninth = await lendToFirstNinth();
    const [student] = await ctx.query('SELECT full_name, card_number FROM reader WHERE id = ?', [ninth]);
    const before = await snapshot();
    const p = await ctx.call('readers.rolloverPreview', { to: '2027-2028' });
    expect(await snapshot()).toEqual(before);
    expect(p).toMatchObject({ from: '2026-2027', to: '2027-2028', refusal: null, promoted: 371 - 95, leaving: 95, cardsReissued: 371 - 95 + 13 });
    // "… thẻ được cấp lại (276 học sinh, 13 cán bộ)".
    expect(p).toMatchObject({ cardsReissuedStudents: 371 - 95, cardsReissuedStaff: 13 });
    expect(p.classes.map((c) => `${c.from}→${c.to ?? '-'}`)).toEqual([
      '6A1→7A1', '6A2→7A2', '6A3→7A3', '7A1→8A1', '7A2→8A2', '7A3→8A3', '8A1→9A1', '8A2→9A2', '8A3→9A3', '9A1→-', '9A2→-', '9A3→-']);
    expect(p.classes.find((c) => c.from === '6A1')?.students).toBe(31);
    expect(p.classes.filter((c) => c.to === null).reduce((n, c) => n + c.students, 0)).toBe(95);
    expect(p.leavingLoans).toEqual([{
      readerId: ninth, fullName: student.full_name, className: '9A1', cardNumber: student.card_number,
      accessionCode: 'STK000001', title: 'Sách thử', dueAt: '2026-11-27',
    }]);
  });
});

describe('undo of the last rollover', () => {
  it('restores every reader and the school settings exactly, audited, once', async () => {
    await importFixtures();
    await lendToFirstNinth();
    await ctx.call('settings.saveSchool', { ...(await ctx.call('settings.getSchool', {})), librarian: 'Nguyễn Thị Thư' });
    // Stored as other writers (the demo, older versions) left them: the undo must give back the same text.
    await ctx.query("UPDATE reader SET updated_at = '2026-09-01T08:00:00.000Z', card_issued_at = '2026-09-01T08:00:00.000Z' WHERE id % 2 = 0");
    await ctx.query("UPDATE setting SET updated_at = '2026-09-02T08:00:00.000Z' WHERE key = 'school'");
    const readersBefore = await snapshot();
    const settingsBefore = await ctx.query('SELECT * FROM setting ORDER BY key');
    expect(await ctx.call('readers.lastRollover', {})).toBeNull();
    await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    expect(await snapshot()).not.toEqual(readersBefore);
    const last = await ctx.call('readers.lastRollover', {});
    expect(last).toMatchObject({ from: '2026-2027', to: '2027-2028', readers: 371 + 13 });
    const r = await ctx.call('readers.undoRollover', { id: last!.id });
    expect(r).toEqual({ from: '2027-2028', to: '2026-2027', restored: 384 });
    expect(await snapshot()).toEqual(readersBefore);
    expect(await ctx.query('SELECT * FROM setting ORDER BY key')).toEqual(settingsBefore);
    expect((await ctx.call('settings.getSchool', {})).schoolYear).toBe('2026-2027');
    const audits = await ctx.query("SELECT action FROM audit_log WHERE action LIKE 'readers.rollover%' ORDER BY id");
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['readers.rollover', 'readers.rollover.undo']);
    expect(await ctx.call('readers.lastRollover', {})).toBeNull();
    await expect(ctx.call('readers.undoRollover', { id: last!.id })).rejects.toMatchObject({ code: 'ROLLOVER_UNDO_DONE' });
    // The year can be rolled over again after the undo.
    await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    expect((await ctx.call('settings.getSchool', {})).schoolYear).toBe('2027-2028');
  });

  it('restores the defaults when the school settings were never saved', async () => {
    await importFixtures();
    // A database from before installs stored their school settings (openContext now stores them at once).
    await ctx.query("DELETE FROM setting WHERE key = 'school'");
    const readersBefore = await snapshot();
    await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    const last = await ctx.call('readers.lastRollover', {});
    await ctx.call('readers.undoRollover', { id: last!.id });
    expect(await snapshot()).toEqual(readersBefore);
    expect(await ctx.query("SELECT * FROM setting WHERE key = 'school'")).toEqual([]);
  });
});

/** A 1×1 PNG as a data URL, as the reader form sends it. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const student = { kind: 'student' as const, code: 'HS-MOI', fullName: 'Nguyễn Thị Mới', birthDate: '2013-04-05', sex: 'nu' as const, className: '6 a2' };

describe('one reader: readers.save, readers.get, readers.photo', () => {
  it('readers.save gives a new reader the next card of its kind and the current school year, and edits keep the card', async () => {
    await importFixtures();
    const saved = await ctx.call('readers.save', student);
    expect(saved).toMatchObject({
      code: 'HS-MOI', fullName: 'Nguyễn Thị Mới', className: '6A2', grade: 6, department: '', cardNumber: 'HS000372',
      schoolYear: '2026-2027', firstSchoolYear: '2026-2027', active: true, photo: null, cardIssuedAt: '2026-11-26T02:00:00.000Z',
    });
    const teacher = await ctx.call('readers.save', { kind: 'teacher', code: 'GV-MOI', fullName: 'Lê Văn Thầy', department: 'Toán', className: '6A1' });
    expect(teacher).toMatchObject({ cardNumber: 'GV000014', className: '', grade: null, department: 'Toán' });
    const edited = await ctx.call('readers.save', { ...student, id: saved.id, fullName: 'Nguyễn Thị Mới Sửa', className: '7a3', active: false });
    expect(edited).toMatchObject({ id: saved.id, cardNumber: 'HS000372', fullName: 'Nguyễn Thị Mới Sửa', className: '7A3', grade: 7, active: false });
    const [row] = await ctx.query('SELECT search_text, active FROM reader WHERE id = ?', [saved.id]);
    expect(row).toEqual({ search_text: 'nguyen thi moi sua hs-moi hs000372 7a3', active: 0 });
    expect((await ctx.call('readers.list', { q: 'moi sua', active: 'all' })).rows.map((r) => r.id)).toEqual([saved.id]);
  });

  it('readers.save refuses a taken code, a student without a class and an unknown reader, changing nothing', async () => {
    await importFixtures();
    const before = await snapshot();
    const clash = await dispatch(ctx, 'readers.save', { ...student, code: '220561001' });
    expect(clash).toMatchObject({ ok: false, code: 'READER_EXISTS', message: 'Đã có bạn đọc mã 220561001 (Trương Kim Hoa).' });
    expect(await dispatch(ctx, 'readers.save', { ...student, className: 'lớp sáu' })).toMatchObject({ ok: false, code: 'READER_CLASS' });
    // The form reads classes as a class list does: grade 6–12 (a list refuses "5A1" too).
    expect(await dispatch(ctx, 'readers.save', { ...student, className: '5A1' })).toMatchObject({ ok: false, code: 'READER_CLASS' });
    expect(await dispatch(ctx, 'readers.save', { ...student, id: 99999 })).toMatchObject({ ok: false, code: 'READER_NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
  });

  it('a teacher\'s lớp chủ nhiệm is saved apart from the pupils\' classes, audited, kept by a list re-import; a pupil heads none; a bad one changes nothing', async () => {
    await importFixtures();
    const [gv] = await ctx.query("SELECT id FROM reader WHERE code = 'GV001'");
    const got = await ctx.call('readers.get', { id: gv.id });
    expect(got.homeroomClass).toBe('');
    const t = { id: got.id, kind: got.kind, code: got.code, fullName: got.fullName, department: got.department, position: got.position };
    const saved = await ctx.call('readers.save', { ...t, homeroomClass: '7a 2' });
    expect(saved).toMatchObject({ homeroomClass: '7A2', className: '', department: 'Toán' });
    // Not a pupil of 7A2: the class's lists and counts are unchanged.
    expect((await ctx.call('readers.list', { className: '7A2', limit: 1000 })).rows.map((r) => r.id)).not.toContain(gv.id);
    const [audit] = await ctx.query("SELECT details FROM audit_log WHERE action = 'reader.update' ORDER BY id DESC LIMIT 1");
    expect(JSON.parse(audit.details).changes).toEqual({ homeroomClass: ['', '7A2'] });
    const log = await ctx.call('audit.list', { limit: 1 });
    expect(log.rows[0].what).toContain('lớp chủ nhiệm (trống) → 7A2');
    // Re-importing the staff list (which has no such column) keeps it.
    await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
    expect((await ctx.call('readers.get', { id: gv.id })).homeroomClass).toBe('7A2');
    const before = await snapshot();
    expect(await dispatch(ctx, 'readers.save', { ...t, homeroomClass: 'lớp bảy' })).toMatchObject({ ok: false, code: 'READER_HOMEROOM' });
    expect(await snapshot()).toEqual(before);
    const pupil = await ctx.call('readers.save', { ...student, homeroomClass: '6A1' });
    expect(pupil.homeroomClass).toBe('');
  });

  it('a staff list with "Lớp chủ nhiệm" sets each teacher\'s class, shows it in the preview, audits it; an unreadable one is refused by row and nothing is stored', async () => {
    await importFixtures();
    const file = path.join(ctx.dataDir, 'giao-vien-chu-nhiem.csv');
    fs.writeFileSync(file, 'STT,Mã giáo viên,Họ và tên,Tổ chuyên môn,Chức vụ,Lớp chủ nhiệm\n1,GV001,Nguyễn Văn Hùng,Toán,Giáo viên,7a2\n2,GV002,Lê Thị Hồng,Toán,Giáo viên,\n');
    const preview = await ctx.call('readers.previewImport', { file });
    expect(preview.unknownColumns).toEqual([]);
    expect(preview.preview.find((p) => p.code === 'GV001')!.changes).toContain('lớp chủ nhiệm (trống) → 7A2');
    const r = await importReadersFile(ctx, file);
    expect(r).toMatchObject({ created: 0, updated: 1 });
    const byCode = async (code: string) => (await ctx.query('SELECT homeroom_class AS h, class_name AS c FROM reader WHERE code = ?', [code]))[0];
    expect(await byCode('GV001')).toEqual({ h: '7A2', c: '' });
    expect(await byCode('GV002')).toEqual({ h: '', c: '' });
    // The empty cell is "heads no class": a teacher who gave her class up loses it on the next list.
    fs.writeFileSync(file, 'STT,Mã giáo viên,Họ và tên,Tổ chuyên môn,Chức vụ,Lớp chủ nhiệm\n1,GV001,Nguyễn Văn Hùng,Toán,Giáo viên,\n2,GV002,Lê Thị Hồng,Toán,Giáo viên,8A1\n');
    expect(await importReadersFile(ctx, file)).toMatchObject({ updated: 2 });
    expect([await byCode('GV001'), await byCode('GV002')]).toEqual([{ h: '', c: '' }, { h: '8A1', c: '' }]);
    const before = await snapshot();
    fs.writeFileSync(file, 'STT,Mã giáo viên,Họ và tên,Tổ chuyên môn,Chức vụ,Lớp chủ nhiệm\n1,GV001,Nguyễn Văn Hùng,Toán,Giáo viên,lớp bảy\n');
    const bad = await ctx.call('readers.previewImport', { file });
    expect(bad.errors).toEqual([{ row: 2, message: expect.stringContaining('lớp chủ nhiệm "lớp bảy" không hợp lệ') }]);
    await expect(ctx.call('readers.import', { file })).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(await snapshot()).toEqual(before);
  });

  it('readers.get returns one reader, and says so in Vietnamese when there is none', async () => {
    await importFixtures();
    const [hoa] = await ctx.query("SELECT id FROM reader WHERE code = '220561001'");
    const r = await dispatch(ctx, 'readers.get', { id: hoa.id });
    expect(r).toMatchObject({ ok: true, value: { id: hoa.id, fullName: 'Trương Kim Hoa', className: '6A1', cardNumber: 'HS000001', active: true } });
    expect(await dispatch(ctx, 'readers.get', { id: 99999 })).toMatchObject({ ok: false, code: 'READER_NOT_FOUND', message: 'Không tìm thấy bạn đọc này.' });
  });

  it('readers.photo returns the stored photo as a data URL; removing it or a bad image leaves no photo', async () => {
    const saved = await ctx.call('readers.save', { ...student, photoDataUrl: PNG });
    expect(saved.photo).toMatch(/^hsmoi-\d+\.png$/);
    expect(fs.existsSync(path.join(ctx.dataDir, 'photos', saved.photo!))).toBe(true);
    expect(await dispatch(ctx, 'readers.photo', { id: saved.id })).toEqual({ ok: true, value: { dataUrl: PNG } });
    const bad = await dispatch(ctx, 'readers.save', { ...student, id: saved.id, photoDataUrl: 'data:image/gif;base64,R0lGOD' });
    expect(bad).toMatchObject({ ok: false, code: 'READER_PHOTO', message: 'Ảnh phải là tệp JPEG hoặc PNG.' });
    expect((await ctx.call('readers.photo', { id: saved.id })).dataUrl).toBe(PNG);
    await ctx.call('readers.save', { ...student, id: saved.id, photoDataUrl: null });
    expect(await ctx.call('readers.photo', { id: saved.id })).toEqual({ dataUrl: null });
    expect(await dispatch(ctx, 'readers.photo', { id: 99999 })).toMatchObject({ ok: false, code: 'READER_NOT_FOUND' });
  });
});

describe('readers.departments', () => {
  it('counts active teachers and staff per department in Vietnamese order, students and inactive readers left out', async () => {
    await importFixtures();
    const [gv] = await ctx.query("SELECT id FROM reader WHERE code = 'GV002'");
    await ctx.call('readers.save', { kind: 'teacher', code: 'GV002', fullName: 'Lê Thị Hồng', department: 'Toán', position: 'Giáo viên', active: false, id: gv.id });
    const r = await dispatch(ctx, 'readers.departments', {});
    expect(r).toEqual({ ok: true, value: [
      { department: 'Âm nhạc - Mĩ thuật', readers: 1 }, { department: 'Giáo dục công dân', readers: 1 }, { department: 'Khoa học tự nhiên', readers: 2 },
      { department: 'Lịch sử và Địa lí', readers: 1 }, { department: 'Ngữ văn', readers: 2 }, { department: 'Thể dục', readers: 1 },
      { department: 'Tiếng Anh', readers: 1 }, { department: 'Tin học', readers: 1 }, { department: 'Toán', readers: 1 }, { department: 'Văn phòng', readers: 1 },
    ] });
  });
});
