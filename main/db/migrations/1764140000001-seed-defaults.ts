import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Default collection series, DDC main classes in Vietnamese and the default loan rules (all editable). */
export class SeedDefaults1764140000001 implements MigrationInterface {
  name = 'SeedDefaults1764140000001';

  public async up(q: QueryRunner): Promise<void> {
    const series: [string, string, string, string][] = [
      ['SGK', 'Sách giáo khoa', 'SGK', 'SGK'],
      ['SNV', 'Sách nghiệp vụ (sách giáo viên)', 'SNV', 'SNV'],
      ['STK', 'Sách tham khảo', 'STK', 'STK'],
      ['STN', 'Sách thiếu nhi', 'STN', 'STN'],
    ];
    for (const [i, [code, name, prefix, group]] of series.entries()) {
      await q.query(
        `INSERT INTO collection_series (code, name, prefix, separator, padding, next_number, register_group, material, sort_order, active)
         VALUES (?, ?, ?, '', 6, 1, ?, 'sach', ?, 1)`,
        [code, name, prefix, group, i + 1],
      );
    }
    const ddc: [string, string][] = [
      ['000', 'Tin học, thông tin & tác phẩm tổng quát'],
      ['100', 'Triết học & tâm lý học'],
      ['200', 'Tôn giáo'],
      ['300', 'Khoa học xã hội'],
      ['400', 'Ngôn ngữ'],
      ['500', 'Khoa học tự nhiên & toán học'],
      ['600', 'Khoa học ứng dụng'],
      ['700', 'Nghệ thuật'],
      ['800', 'Văn học'],
      ['895.922', 'Văn học Việt Nam'],
      ['900', 'Lịch sử & địa lý'],
      ['959.7', 'Lịch sử Việt Nam'],
    ];
    for (const [code, label] of ddc) {
      await q.query(`INSERT INTO classification (scheme, code, label) VALUES ('DDC', ?, ?)`, [code, label]);
    }
    // reader kind, series ('*' = any), max items, days, renewals, in-library only, until year end
    const rules: [string, string, number, number, number, number, number][] = [
      ['student', '*', 3, 7, 1, 0, 0],
      ['student', 'SGK', 20, 0, 0, 0, 1],
      ['student', 'SNV', 0, 0, 0, 1, 0],
      ['teacher', '*', 5, 30, 2, 0, 0],
      ['teacher', 'SGK', 30, 0, 0, 0, 1],
      ['teacher', 'SNV', 30, 0, 0, 0, 1],
      ['staff', '*', 5, 30, 2, 0, 0],
      ['staff', 'SGK', 30, 0, 0, 0, 1],
      ['staff', 'SNV', 30, 0, 0, 0, 1],
    ];
    for (const r of rules) {
      await q.query(
        `INSERT INTO loan_policy (reader_kind, series_code, max_items, loan_days, max_renewals, in_library_only, until_year_end)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        r,
      );
    }
  }

  public async down(): Promise<void> {
    throw new Error('SeedDefaults cannot be undone.');
  }
}
