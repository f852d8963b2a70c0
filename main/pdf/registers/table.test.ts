import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchoolInfo } from '../../../shared/contract/settings';
import { planSection, renderRegister, type TableColumn, type TableRow } from './table';
import { pdfText } from '../../../tests/pdf-read';

const SCHOOL: SchoolInfo = {
  managingBody: 'UBND ĐẶC KHU LÝ SƠN', schoolName: 'TRƯỜNG THCS AN VĨNH', place: 'Lý Sơn', address: '', principal: '', librarian: '',
  schoolYear: '2026-2027', schoolYearStart: '2026-09-05', schoolYearEnd: '2027-05-31', reportDeadline: '06-12', dateStyle: 'numeric',
};

const columns: TableColumn[] = [
  { title: 'Số ĐKCB', width: 25 },
  { title: 'Tên sách', width: 40 },
  { title: 'Số bản', width: 15, align: 'right', total: true },
  { title: 'Ghi chú', width: 0 },
];

describe('register table renderer', () => {
  it('never wraps a cell: long text shrinks, then ends with an ellipsis on the same line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-table-'));
    const long = 'Tuyển tập những câu chuyện hay nhất về tình bạn, tình thầy trò và quê hương đất nước Việt Nam qua các thời kỳ lịch sử';
    const rows: TableRow[] = Array.from({ length: 120 }, (_, i) => [`STK${String(i + 1).padStart(6, '0')}`, i % 2 ? long : 'Mắt biếc', 1, i === 5 ? 'đã thanh lọc, QĐ 15/QĐ-THCS ngày 27/10/2026 của Hiệu trưởng' : '']);
    const file = path.join(dir, 'table.pdf');
    const r = await renderRegister({ file, title: 'THỬ BẢNG', school: SCHOOL, sections: [{ columns, rows, carry: true }] });
    const text = await pdfText(file);
    const lines = text.split('\n');
    for (let i = 1; i <= 120; i++) {
      const code = `STK${String(i).padStart(6, '0')}`;
      const line = lines.filter((l) => l.includes(code));
      expect(line).toHaveLength(1);
      if (i % 2 === 0) expect(line[0]).toMatch(/Tuyển tập những câu\S* .*…/);
    }
    expect(lines.find((l) => l.includes('STK000006'))).toContain('đã thanh lọc');
    // Carried totals: every page after the first opens with "Mang sang" equal to the previous page's "Cộng".
    const cong = lines.filter((l) => /^\s*Cộng\s/.test(l)).map((l) => Number(l.trim().split(/\s+/).pop()));
    const mang = lines.filter((l) => /^\s*Mang sang\s/.test(l)).map((l) => Number(l.trim().split(/\s+/).pop()));
    expect(cong.length).toBe(r.pages);
    expect(mang).toEqual(cong.slice(0, -1));
    expect(cong[cong.length - 1]).toBe(120);
    expect(text).toContain(`Trang ${r.pages} / ${r.pages}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('plans pages from fixed heights, before drawing', () => {
    const rows: TableRow[] = Array.from({ length: 1000 }, () => ['x', 'y', 1, '']);
    const a = planSection({ columns, rows, carry: true }, 0, { width: 210, height: 297 });
    const b = planSection({ columns, rows, carry: true }, 0, { width: 210, height: 297 });
    expect(a).toEqual(b);
    expect(a.reduce((n, p) => n + (p.to - p.from), 0)).toBe(1000);
    expect(a[0].first && a[a.length - 1].last).toBe(true);
  });

  it('takes the last rows (the totals) over with an outro that does not fit below them, never the outro alone', () => {
    const outro = { height: 60, draw: () => undefined };
    const section = (n: number, keepWithOutro?: number) => ({ columns, rows: Array.from({ length: n }, (): TableRow => ['x', 'y', 1, '']), outro, keepWithOutro });
    const geo = { width: 210, height: 297 };
    // The first row count whose outro falls alone on a page of its own.
    let n = 1;
    while (!planSection(section(n), 0, geo).at(-1)!.outroOnly) n++;
    const kept = planSection(section(n, 2), 0, geo);
    expect(kept.at(-1)).toMatchObject({ from: n - 2, to: n, outro: true, outroOnly: false, last: true });
    expect(kept.at(-2)).toMatchObject({ to: n - 2, outro: false });
    expect(kept.reduce((k, p) => k + (p.to - p.from), 0)).toBe(n);
  });
});
