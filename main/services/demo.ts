import { formatAccession } from '../../shared/accession';
import { addDays, formatDate, schoolYearOf, todayIso, weekday } from '../../shared/dates';
import { defaultAuthorMark, dedupeKeyOf } from '../../shared/shelfmark';
import { collationKey, fold } from '../../shared/text';
import { demoWriter } from '../db/queries/demo';
import { transaction, type Sql } from '../db/sql';
import { reindexTitles } from './catalogue/search-index';
import { defaultSchool } from './settings/school';
import { putSetting } from './settings/store';

export interface DemoOptions {
  seed: number;
  /** Approximate number of copies (≥ 3,000 by default). */
  copies?: number;
  students?: number;
  teachers?: number;
  /** Short loans in the school year (class-set textbook loans come on top). */
  loans?: number;
  /** Titles (defaults grow with copies). */
  titles?: number;
  now?: Date;
}

export interface DemoResult {
  titles: number; copies: number; students: number; staff: number; loans: number; visits: number; withdrawn: number;
  /** Lượt đọc tại chỗ (copies read in the library, no loan). */
  inLibraryUses: number;
}

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đoàn', 'Tô'];
const MIDDLE_M = ['Văn', 'Minh', 'Quốc', 'Đức', 'Hữu', 'Thành', 'Công', 'Gia', 'Anh', 'Tấn'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Bảo', 'Khánh', 'Phương', 'Diệu'];
const GIVEN_M = ['Hùng', 'Dũng', 'Trung', 'Tài', 'Khoa', 'Phúc', 'Huy', 'Nam', 'Long', 'Đạt', 'Kiên', 'Tuấn', 'Vinh', 'Lộc', 'Bảo', 'Quân', 'Thịnh', 'Sơn'];
const GIVEN_F = ['Hoa', 'Hà', 'Lan', 'Hương', 'Trâm', 'Vy', 'Ngân', 'Linh', 'Thảo', 'Nhi', 'Yến', 'Uyên', 'Trang', 'My', 'Hạnh', 'Quyên', 'Ánh', 'Diễm'];
const DEPARTMENTS: [string, string][] = [
  ['Toán', 'Toán'], ['Ngữ văn', 'Ngữ văn'], ['Khoa học tự nhiên', 'Khoa học tự nhiên'], ['Lịch sử và Địa lí', 'Lịch sử và Địa lí'],
  ['Tiếng Anh', 'Tiếng Anh'], ['Tin học – Công nghệ', 'Tin học'], ['Nghệ thuật – Thể chất', 'Giáo dục thể chất'], ['Văn phòng', ''],
];
const SUBJECTS = ['Toán', 'Ngữ văn', 'Tiếng Anh', 'Khoa học tự nhiên', 'Lịch sử và Địa lí', 'Giáo dục công dân', 'Tin học', 'Công nghệ', 'Âm nhạc', 'Mĩ thuật', 'Giáo dục thể chất', 'Hoạt động trải nghiệm, hướng nghiệp'];
const CHILDREN: [string, string, string, number][] = [
  ['Dế Mèn phiêu lưu ký', 'Tô Hoài', 'Kim Đồng', 45000], ['Đất rừng phương Nam', 'Đoàn Giỏi', 'Kim Đồng', 90000],
  ['Tuổi thơ dữ dội', 'Phùng Quán', 'Kim Đồng', 180000], ['Búp sen xanh', 'Sơn Tùng', 'Kim Đồng', 80000],
  ['Cho tôi xin một vé đi tuổi thơ', 'Nguyễn Nhật Ánh', 'Trẻ', 80000], ['Mắt biếc', 'Nguyễn Nhật Ánh', 'Trẻ', 110000],
  ['Kính vạn hoa', 'Nguyễn Nhật Ánh', 'Kim Đồng', 60000], ['Góc sân và khoảng trời', 'Trần Đăng Khoa', 'Kim Đồng', 50000],
  ['Quê nội', 'Võ Quảng', 'Kim Đồng', 55000], ['Hoàng tử bé', 'Antoine de Saint-Exupéry', 'Kim Đồng', 75000],
  ['Những tấm lòng cao cả', 'Edmondo De Amicis', 'Văn học', 98000], ['Không gia đình', 'Hector Malot', 'Văn học', 150000],
  ['Chuyện cổ tích Việt Nam', 'Nhiều tác giả', 'Kim Đồng', 70000], ['Bác vẫn cùng chúng cháu hành quân', 'Nhiều tác giả', 'Kim Đồng', 40000],
  ['Nhật ký Đặng Thùy Trâm', 'Đặng Thùy Trâm', 'Hội Nhà văn', 85000], ['Đội thiếu niên tình báo Bát Sắt', 'Phạm Thắng', 'Kim Đồng', 50000],
  ['Kim Đồng', 'Tô Hoài', 'Kim Đồng', 30000], ['Tôi thấy hoa vàng trên cỏ xanh', 'Nguyễn Nhật Ánh', 'Trẻ', 125000],
];
const REFERENCE_TOPICS = ['Bồi dưỡng học sinh giỏi', 'Để học tốt', 'Bài tập nâng cao', 'Hướng dẫn ôn tập', 'Tuyển chọn đề kiểm tra', 'Kiến thức cơ bản và mở rộng', 'Tư liệu dạy học', 'Em yêu biển đảo quê hương', 'Hoàng Sa, Trường Sa trong lòng Tổ quốc', 'Kỹ năng sống cho học sinh', 'Tìm hiểu pháp luật', 'Lịch sử Việt Nam bằng tranh', 'Từ điển tiếng Việt', 'Từ điển Anh – Việt', 'Atlat Địa lí Việt Nam', 'Đảo Lý Sơn: lịch sử và văn hóa', 'Những câu chuyện về Bác Hồ', 'Khoa học vui'];
const REF_AUTHORS = ['Nguyễn Văn Hùng', 'Lê Thị Thu Hà', 'Phạm Minh Đức', 'Trần Quốc Toản', 'Hoàng Thị Lan', 'Đỗ Đức Thái', 'Bùi Mạnh Hùng', 'Vũ Minh Giang', 'Nguyễn Khánh Hoàng'];
const PUBLISHERS: [string, string][] = [['Giáo dục Việt Nam', 'Hà Nội'], ['Đại học Sư phạm', 'Hà Nội'], ['Đại học Quốc gia Hà Nội', 'Hà Nội'], ['Tổng hợp TP. Hồ Chí Minh', 'TP. Hồ Chí Minh'], ['Trẻ', 'TP. Hồ Chí Minh'], ['Kim Đồng', 'Hà Nội'], ['Chính trị quốc gia Sự thật', 'Hà Nội']];
const CLASS_BY_SUBJECT: Record<string, string> = { 'Toán': '510', 'Ngữ văn': '807', 'Tiếng Anh': '428', 'Khoa học tự nhiên': '500', 'Lịch sử và Địa lí': '959.7', 'Giáo dục công dân': '170', 'Tin học': '004', 'Công nghệ': '600', 'Âm nhạc': '780', 'Mĩ thuật': '740', 'Giáo dục thể chất': '796', 'Hoạt động trải nghiệm, hướng nghiệp': '371' };

/**
 * Fills an empty database with a realistic school library: the school in the settings, copies over
 * SGK/SNV/STK/STN, students in 6A1–9A3 and teachers, one school year of loans and visits, some overdue,
 * some withdrawn and lost. Deterministic for a seed. Writes in one transaction.
 */
export async function generateDemo(sql: Sql, options: DemoOptions): Promise<DemoResult> {
  const r = rng(options.seed);
  const now = options.now ?? new Date();
  const today = todayIso(now);
  const year = schoolYearOf(today);
  const yearStartIso = `${year.slice(0, 4)}-09-05`;
  const targetCopies = options.copies ?? 3600;
  const studentCount = options.students ?? 420;
  const teacherCount = options.teachers ?? 28;
  const w = demoWriter(sql);

  if (w.existingRows() > 0) throw new Error('Cơ sở dữ liệu đã có dữ liệu; chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống.');

  putSetting(sql, 'school', {
    ...defaultSchool(now),
    principal: 'Nguyễn Văn An', librarian: 'Lê Thị Mai',
  }, now);

  const series = w.series();
  const seriesBy = Object.fromEntries(series.map((s) => [s.code, s]));
  const stamp = now.toISOString();

  const result: DemoResult = { titles: 0, copies: 0, students: 0, staff: 0, loans: 0, visits: 0, withdrawn: 0, inLibraryUses: 0 };

  transaction(sql, () => {
    // ---- titles
    type T = { id: number; series: string; price: number; grade: number | null; subject: string };
    const titles: T[] = [];
    const addTitle = (seriesCode: string, title: string, volume: string, authors: string, pub: [string, string], yearPub: number,
      price: number, cls: string, grade: number | null, subject: string, keywords = '') => {
      const id = w.title(title, volume, authors, pub[0], pub[1], yearPub, r.int(80, 400), 24, price, seriesBy[seriesCode].id, cls,
        defaultAuthorMark(authors, title), keywords, grade, subject, dedupeKeyOf(title, volume, authors),
        collationKey(title, volume, authors), stamp, stamp);
      titles.push({ id, series: seriesCode, price, grade, subject });
    };
    const gdvn = PUBLISHERS[0];
    for (const grade of [6, 7, 8, 9]) {
      for (const subject of SUBJECTS) {
        const tập = subject === 'Toán' || subject === 'Ngữ văn' ? ['Tập một', 'Tập hai'] : [''];
        for (const vol of tập) {
          addTitle('SGK', `${subject} ${grade}`, vol, 'Nhiều tác giả', gdvn, 2020 + grade - 5, r.int(12, 30) * 1000,
            CLASS_BY_SUBJECT[subject], grade, subject, 'Kết nối tri thức với cuộc sống');
          addTitle('SNV', `${subject} ${grade} – Sách giáo viên`, vol, 'Nhiều tác giả', gdvn, 2020 + grade - 5, r.int(20, 45) * 1000,
            CLASS_BY_SUBJECT[subject], grade, subject);
        }
      }
    }
    for (const [title, author, pub, price] of CHILDREN) {
      addTitle('STN', title, '', author, [pub, pub === 'Trẻ' ? 'TP. Hồ Chí Minh' : 'Hà Nội'], r.int(2015, 2024), price, '895.9223', null, '');
    }
    const extraTitles = options.titles ?? Math.max(60, Math.round(targetCopies / 25));
    for (let i = 0; i < extraTitles; i++) {
      const topic = r.pick(REFERENCE_TOPICS);
      const subject = r.pick(SUBJECTS);
      const grade = r.int(6, 9);
      const title = topic.startsWith('Từ điển') || topic.includes('Lý Sơn') || topic.includes('Bác Hồ') || topic.includes('biển đảo') || topic.includes('Trường Sa')
        ? (i < REFERENCE_TOPICS.length * 2 ? topic : `${topic} (${i + 1})`)
        : `${topic} ${subject} ${grade}${i >= REFERENCE_TOPICS.length * SUBJECTS.length ? ` – quyển ${i}` : ''}`;
      addTitle(r.next() < 0.85 ? 'STK' : 'STN', title, '', r.pick(REF_AUTHORS), r.pick(PUBLISHERS), r.int(2012, 2025), r.int(25, 160) * 1000,
        CLASS_BY_SUBJECT[subject], grade, subject);
    }
    result.titles = titles.length;

    // ---- accession batches and copies
    const next: Record<string, number> = Object.fromEntries(series.map((s) => [s.code, 1]));
    const copiesByTitle = new Map<number, number[]>();
    const copyInfo: { id: number; series: string; titleId: number; price: number }[] = [];
    const batchCount = Math.max(6, Math.round(targetCopies / 400));
    const sources = ['cap_phat', 'mua', 'mua', 'bieu_tang', 'mua', 'khac'];
    const perTitle = Math.max(1, Math.round(targetCopies / titles.length));
    let registerNumber = 0;
    for (let b = 0; b < batchCount; b++) {
      registerNumber++;
      const date = addDays(yearStartIso, -720 + Math.floor((b * 700) / batchCount));
      const source = sources[b % sources.length];
      const batchId = w.batch(registerNumber, date, source, `HĐ-${String(100 + b)}`, source === 'bieu_tang' ? 'Hội Cha mẹ học sinh' : 'Công ty Sách – Thiết bị trường học Quảng Ngãi', stamp, stamp);
      let total = 0, value = 0;
      for (let ti = b; ti < titles.length; ti += batchCount) {
        const t = titles[ti];
        const qty = t.series === 'SGK' ? Math.max(2, Math.round(perTitle * 1.6)) : t.series === 'SNV' ? Math.max(1, Math.round(perTitle / 4)) : r.int(1, perTitle * 2 - 1);
        const mode = source === 'mua' ? 'purchase' : 'free';
        w.line(batchId, t.id, qty, t.price, mode);
        const s = seriesBy[t.series];
        for (let q = 0; q < qty; q++) {
          const n = next[t.series]++;
          const code = formatAccession(s, n);
          const id = w.copy(t.id, s.id, n, code, code, `Kho ${t.series} – Kệ ${r.int(1, 8)}`, t.price, mode, batchId, date + 'T08:00:00.000Z');
          copyInfo.push({ id, series: t.series, titleId: t.id, price: t.price });
          const list = copiesByTitle.get(t.id) ?? [];
          list.push(id);
          copiesByTitle.set(t.id, list);
          total++;
          value += t.price;
        }
      }
      w.batchTotals(total, value, batchId);
    }
    for (const s of series) w.seriesNext(next[s.code], s.code);
    result.copies = copyInfo.length;

    // ---- readers
    const students: { id: number; className: string }[] = [];
    const classes: string[] = [];
    for (const g of [6, 7, 8, 9]) for (const k of [1, 2, 3]) classes.push(`${g}A${k}`);
    for (let i = 0; i < studentCount; i++) {
      const female = r.next() < 0.5;
      const name = `${r.pick(SURNAMES)} ${r.pick(female ? MIDDLE_F : MIDDLE_M)} ${r.pick(female ? GIVEN_F : GIVEN_M)}`;
      const className = classes[Math.floor((i * classes.length) / studentCount)];
      const grade = Number(className[0]);
      const birthYear = Number(year.slice(0, 4)) - 5 - grade;
      const code = `2205${String(61000 + i).padStart(6, '0')}`;
      const card = `HS${String(i + 1).padStart(6, '0')}`;
      const id = w.reader('student', code, card, name, fold(`${name} ${code} ${card} ${className}`),
        `${birthYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`, female ? 'nu' : 'nam',
        className, grade, '', '', '', year, grade === 6 ? year : `${Number(year.slice(0, 4)) - (grade - 6)}-${Number(year.slice(0, 4)) - (grade - 7)}`,
        stamp, stamp, stamp);
      students.push({ id, className });
    }
    const staff: number[] = [];
    for (let i = 0; i < teacherCount; i++) {
      const female = r.next() < 0.6;
      const name = `${r.pick(SURNAMES)} ${r.pick(female ? MIDDLE_F : MIDDLE_M)} ${r.pick(female ? GIVEN_F : GIVEN_M)}`;
      const [dept, subject] = DEPARTMENTS[i % DEPARTMENTS.length];
      const kind = dept === 'Văn phòng' ? 'staff' : 'teacher';
      const code = `GV${String(i + 1).padStart(3, '0')}`;
      const card = `GV${String(i + 1).padStart(6, '0')}`;
      staff.push(w.reader(kind, code, card, name, fold(`${name} ${code} ${card} ${dept}`), null, female ? 'nu' : 'nam', '', null,
        dept, kind === 'staff' ? r.pick(['Kế toán', 'Văn thư', 'Thiết bị']) : 'Giáo viên', subject, year, year, stamp, stamp, stamp));
    }
    result.students = students.length;
    result.staff = staff.length;

    // ---- loans: short loans of STK/STN across the year, class sets of SGK, teacher SNV sets
    const lendable = copyInfo.filter((c) => c.series === 'STK' || c.series === 'STN');
    const busyUntil = new Map<number, string>(); // copy id → date it is free again
    const openCopy = new Set<number>();
    const schoolDays: string[] = [];
    // One school year of circulation: the twelve months up to today.
    for (let d = addDays(today, -365); d <= today; d = addDays(d, 1)) if (weekday(d) !== 0) schoolDays.push(d);
    if (schoolDays.length === 0) schoolDays.push(today);
    const shortLoans = options.loans ?? Math.max(600, studentCount * 4);
    for (let i = 0; i < shortLoans; i++) {
      const day = schoolDays[Math.floor((i * schoolDays.length) / shortLoans)];
      let copy = r.pick(lendable);
      for (let tries = 0; tries < 5 && ((busyUntil.get(copy.id) ?? '') > day || openCopy.has(copy.id)); tries++) copy = r.pick(lendable);
      if ((busyUntil.get(copy.id) ?? '') > day || openCopy.has(copy.id)) continue;
      const isStaff = r.next() < 0.08;
      const readerId = isStaff ? r.pick(staff) : r.pick(students).id;
      const due = addDays(day, isStaff ? 30 : 7);
      const lateness = r.next();
      const back = addDays(day, lateness < 0.8 ? r.int(2, 7) : r.int(8, 20));
      const open = back >= today;
      w.loan(copy.id, readerId, 'short', `${day}T0${r.int(7, 9)}:${String(r.int(10, 59))}:00.000Z`, due, open ? null : `${back}T09:00:00.000Z`, null);
      if (open) {
        openCopy.add(copy.id);
        w.copyStatus('onLoan', copy.id);
      } else busyUntil.set(copy.id, back);
      result.loans++;
    }
    // SGK class sets: each student of grade g gets one copy of the first SGK titles of grade g, for the year.
    const sgkByGrade = new Map<number, T[]>();
    for (const t of titles) if (t.series === 'SGK' && t.grade) sgkByGrade.set(t.grade, [...(sgkByGrade.get(t.grade) ?? []), t]);
    const yearEnd = `${year.slice(5)}-05-31`;
    const used = new Set<number>();
    for (const cls of classes) {
      const grade = Number(cls[0]);
      const set = (sgkByGrade.get(grade) ?? []).slice(0, 2);
      for (const t of set) {
        const pool = (copiesByTitle.get(t.id) ?? []).filter((id) => !used.has(id));
        const members = students.filter((s) => s.className === cls);
        for (let k = 0; k < members.length && k < pool.length; k++) {
          w.loan(pool[k], members[k].id, 'long', `${yearStartIso}T08:00:00.000Z`, yearEnd, null, `SGK ${cls} ${year}`);
          used.add(pool[k]);
          w.copyStatus('onLoan', pool[k]);
          result.loans++;
        }
      }
    }

    // ---- visits (lượt đến thư viện)
    const visitCount = Math.max(400, studentCount * 3);
    for (let i = 0; i < visitCount; i++) {
      const day = schoolDays[Math.floor((i * schoolDays.length) / visitCount)];
      w.visit(r.next() < 0.9 ? r.pick(students).id : r.pick(staff), `${day}T0${r.int(7, 9)}:30:00.000Z`, 1);
      result.visits++;
    }

    // ---- a withdrawal (worn and outdated books) and a few lost books paid by readers
    const wDate = addDays(today, -30 > -(schoolDays.length) ? -30 : 0);
    const wId = w.withdrawal('01/BB-TV', wDate, wDate, 'Nguyễn Văn An – Hiệu trưởng\nLê Thị Mai – Cán bộ thư viện', 'QĐ 15/QĐ-THCS', stamp, stamp);
    const note = `đã thanh lọc, BB số 01/BB-TV ngày ${formatDate(wDate)}`;
    const candidates = lendable.filter((c) => !openCopy.has(c.id));
    const picked = new Set<number>();
    for (let i = 0; i < Math.max(12, Math.round(targetCopies / 200)) && picked.size < candidates.length; i++) {
      const c = r.pick(candidates);
      if (picked.has(c.id)) continue;
      picked.add(c.id);
      const reason = i % 5 === 0 ? 'lostPaid' : i % 3 === 0 ? 'outdated' : 'damaged';
      w.withdrawalItem(wId, c.id, reason, '', c.price);
      w.withdraw(wId, note, c.id);
      result.withdrawn++;
    }
    // Two books lost on loan this year, not yet written off.
    const lostLoans = w.openShortLoans(2);
    for (const l of lostLoans) {
      w.loanLost(stamp, 'money', 50000, l.id);
      w.copyStatus('lost', l.copyId);
    }

    // ---- reading activities
    const y1 = year.slice(0, 4), y2 = year.slice(5);
    const acts: [string, string, string, string, number][] = [
      [`${y1}-10-15`, 'Giới thiệu sách tháng 10: "Dế Mèn phiêu lưu ký"', 'gioi_thieu_sach', 'Khối 6', 140],
      [`${y1}-11-20`, 'Tiết đọc thư viện lớp 7A1', 'tiet_doc', '7A1', 35],
      [`${y1}-12-22`, 'Trưng bày sách về biển đảo Hoàng Sa, Trường Sa', 'trung_bay', 'Toàn trường', 420],
      [`${y2}-04-21`, 'Ngày Sách và Văn hóa đọc Việt Nam', 'ngay_sach', 'Toàn trường', 450],
    ];
    for (const [date, name, form, audience, n] of acts) if (date <= today) w.activity(date, name, form, audience, n, 'Lê Thị Mai', stamp);

    // ---- lượt đọc tại chỗ (last: it draws no random numbers, so everything above stays as it was for a seed)
    result.inLibraryUses = w.inLibraryUses();

    reindexTitles(sql);
  });
  return result;
}
