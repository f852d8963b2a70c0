import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashSecret } from '../accounts/secrets';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodInput, type MethodName } from '../../../shared/contract';
import { changesData, mustAudit, READ_ONLY, UNAUDITED, WRITES_DESPITE_NAME } from '../../../shared/contract/effects';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { samplePdf } from '../../../tests/digital-samples';
import { generateDemo } from '../demo';
import { dispatch } from '../dispatch';

/**
 * Every contract method that changes data (shared/contract/effects.ts decides which, from the method's
 * name, so a new one is included unless declared read-only or exempt with its reason) is called once on
 * a small demo library; each call must succeed and write at least one audit row that the Nhật ký can
 * say in Vietnamese. A method without a scenario here fails the test: write one.
 */

let ctx: TestContext;
const YEAR = '2026-2027';
const csv = (fileName: string, text: string) => ({ fileName, contentBase64: Buffer.from(text).toString('base64') });
const one = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).get(...params) as T;
const copyOf = (where: string) => one<{ id: number; code: string }>(`SELECT c.id, c.accession_code AS code FROM copy c JOIN title t ON t.id = c.title_id
  JOIN collection_series s ON s.id = c.series_id WHERE ${where} ORDER BY c.id LIMIT 1`);
const shelfCopy = (series = 'STN') => copyOf(`c.status = 'available' AND s.code = '${series}' AND c.id NOT IN (SELECT copy_id FROM withdrawal_item)`);
const student = () => one<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' AND active = 1 AND id NOT IN (SELECT reader_id FROM loan WHERE returned_at IS NULL) ORDER BY id LIMIT 1").id;
const teacher = () => one<{ id: number }>("SELECT id FROM reader WHERE kind = 'teacher' AND active = 1 ORDER BY id LIMIT 1").id;
async function lend(readerId = student()) {
  const c = shelfCopy();
  return (await ctx.call('circulation.checkout', { readerId, code: c.code })).loan;
}
async function approvedPlan() {
  const year = '2025-2026';
  const existing = await ctx.call('plan.get', { year });
  const p = existing ?? await ctx.call('plan.create', { year });
  if (p.status === 'draft') {
    await ctx.call('plan.saveLine', { planId: p.id, line: { title: 'Sách kế hoạch', quantity: 2, unitPrice: 10_000 } });
    await ctx.call('plan.setStatus', { planId: p.id, action: 'submit' });
    await ctx.call('plan.setStatus', { planId: p.id, action: 'approve', approvalDate: '2025-09-20', approvalNumber: '1/QĐ' });
  }
  return (await ctx.call('plan.get', { year }))!;
}
async function draftPlan() {
  return (await ctx.call('plan.get', { year: YEAR })) ?? ctx.call('plan.create', { year: YEAR });
}
async function upload() {
  const bytes = samplePdf();
  const { uploadId } = await ctx.call('digital.uploadBegin', { fileName: 'tai-lieu.pdf', size: bytes.length });
  await ctx.call('digital.uploadChunk', { uploadId, offset: 0, base64: bytes.toString('base64') });
  return uploadId;
}
/** A title with every copy lent (its shelf copies lent to students now): one a reader may reserve. */
async function titleAllOut(): Promise<number> {
  const t = one<{ id: number }>(`SELECT t.id FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN'
    AND NOT EXISTS (SELECT 1 FROM reservation r WHERE r.title_id = t.id)
    AND EXISTS (SELECT 1 FROM copy c WHERE c.title_id = t.id AND c.status = 'available')
    ORDER BY (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available'), t.id LIMIT 1`).id;
  for (const c of ctx.sql.prepare("SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available'").all(t) as { code: string }[]) {
    await ctx.call('circulation.checkout', { readerId: student(), code: c.code });
  }
  return t;
}
const anyTitle = () => one<{ id: number }>("SELECT t.id FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN' ORDER BY t.id LIMIT 1").id;

/** A union server that takes every push (the real one is tested in main/services/union/). */
let unionStub: http.Server | undefined;
async function unionStubUrl(): Promise<string> {
  unionStub ??= http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ acknowledged: (JSON.parse(body) as { cursor: number }).cursor, school: 'THCS An Vĩnh' })));
  });
  if (!unionStub.listening) await new Promise<void>((resolve) => unionStub!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(unionStub.address() as AddressInfo).port}/`;
}

/** For each method that must be audited: prepare what it needs, then give the input of the call under test. */
const scenarios: { [M in MethodName]?: () => Promise<MethodInput<M>> } = {
  'settings.saveSchool': async () => ({ ...(await ctx.call('settings.getSchool', {})), librarian: 'Lê Thị Mai (mới)' }),
  'settings.saveSeries': async () => ({ code: 'BD', name: 'Bản đồ', prefix: 'BD', padding: 5, material: 'tranh' }),
  'selfcheck.approve': async () => ({ year: YEAR, action: 'approve', note: '' }),
  'session.setUp': async () => ({ name: 'Lê Thị Mai', password: 'mat-khau-dai' }),
  'session.recover': async () => {
    // The printed code of the Thủ thư (set here: the setUp scenario's code is not at hand).
    ctx.sql.prepare("UPDATE account SET recovery_hash = ? WHERE role = 'thu-thu'").run(await hashSecret('ABCDEFGHJKMNPQRS'));
    return { recoveryCode: 'abcd-efgh-jkmn-pqrs', newPassword: 'mat-khau-moi-dai' };
  },
  'accounts.add': async () => ({ keepOpenStraightIn: true, name: 'Trần Văn Nam', role: 'cong-tac-vien', card: 'CTV-NHATKY', pin: '246810' }),
  'accounts.disable': async () => ({ id: (await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Khóa thử', role: 'ke-toan', password: 'mat-khau-ke-toan' })).id }),
  'accounts.enable': async () => {
    const a = await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Mở lại thử', role: 'bgh', password: 'mat-khau-bgh-12' });
    await ctx.call('accounts.disable', { id: a.id });
    return { id: a.id };
  },
  'accounts.resetPin': async () => ({ id: (await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Đổi PIN thử', role: 'giao-vien', card: 'GV-PIN-THU', pin: '112233' })).id, pin: '445566' }),
  'accounts.saveSettings': async () => ({ openStraightIn: true, idleLockMinutes: 5 }),
  'selfcheck.save': async () => ({ year: YEAR, answers: {}, thresholds: { ...(await ctx.call('selfcheck.get', { year: YEAR })).thresholds, activitiesL1: 5 } }),
  'activities.save': async () => ({ date: '2026-11-20', name: 'Tiết đọc thư viện lớp 6A1', form: 'tiet_doc', participants: 35 }),
  'activities.delete': async () => ({ id: (await ctx.call('activities.save', { date: '2026-11-21', name: 'Xóa thử', form: 'khac' })).id }),
  'activities.addEvidence': async () => ({
    id: (await ctx.call('activities.save', { date: '2026-11-22', name: 'Có minh chứng', form: 'khac' })).id,
    fileName: 'anh.jpg', base64: Buffer.from('jpeg-bytes').toString('base64'),
  }),
  'catalogue.saveTitle': async () => ({ title: 'Sách thêm để thử nhật ký', seriesId: (await ctx.call('settings.listSeries', {}))[0].id }),
  'catalogue.updateCopy': async () => ({ id: shelfCopy().id, location: 'Kệ 9' }),
  'catalogue.importClassifications': async () => ({ file: csv('phan-loai.csv', 'Mã,Tên\n895.9223,Văn học Việt Nam hiện đại\n') }),
  'catalogue.importMarc': async () => ({ file: csv('koha-them.xml', `<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000 a 4500</leader>
<datafield tag="245" ind1="0" ind2="0"><subfield code="a">Bản đồ nhập thử từ MARC</subfield></datafield>
<datafield tag="952" ind1=" " ind2=" "><subfield code="p">3000099001</subfield></datafield></record></collection>`) }),
  'catalogue.import': async () => ({ file: csv('nhap-them.csv', 'Loại sách,Nhan đề,Tác giả,Năm xuất bản,Giá tiền,Số lượng\nSTK,Atlat nhập thử,Nhiều tác giả,2025,28000,2\n') }),
  'accession.saveDraft': async () => ({ date: '2026-11-26', source: 'mua', lines: [{ titleId: anyTitle(), quantity: 1, unitPrice: 10_000 }] }),
  'accession.deleteDraft': async () => ({ id: (await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId: anyTitle(), quantity: 1 }] })).id }),
  'accession.confirm': async () => ({ id: (await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId: anyTitle(), quantity: 2, unitPrice: 5_000 }] })).id }),
  'withdrawal.saveDraft': async () => ({ number: '90/BB', date: '2026-11-25', items: [{ copyId: shelfCopy().id, reason: 'damaged' }] }),
  'withdrawal.deleteDraft': async () => ({ id: (await ctx.call('withdrawal.saveDraft', { number: '91/BB', date: '2026-11-25', items: [{ copyId: shelfCopy().id, reason: 'damaged' }] })).id }),
  'withdrawal.confirm': async () => ({ id: (await ctx.call('withdrawal.saveDraft', { number: '92/BB', date: '2026-11-25', approvalDate: '2026-11-25', items: [{ copyId: shelfCopy().id, reason: 'outdated' }] })).id }),
  'labels.saveTemplate': async () => ({
    id: 'TRUONG-40', name: 'Giấy nhãn của trường', pageWidth: 210, pageHeight: 297, marginTop: 10, marginLeft: 10, columns: 4, rows: 10,
    labelWidth: 45, labelHeight: 25, pitchX: 48, pitchY: 27,
  }),
  'labels.deleteTemplate': async () => {
    await ctx.call('labels.saveTemplate', { id: 'XOA-THU', name: 'Xóa thử', pageWidth: 210, pageHeight: 297, marginTop: 10, marginLeft: 10, columns: 2, rows: 2, labelWidth: 90, labelHeight: 50, pitchX: 95, pitchY: 55 });
    return { id: 'XOA-THU' };
  },
  'labels.saveCalibration': async () => ({ printer: 'Canon LBP 2900', dx: 5, dy: -3 }),
  'labels.print': async () => ({ kind: 'barcode', templateId: 'L7651', selection: { by: 'range', from: shelfCopy().code, to: shelfCopy().code } }),
  'labels.printBatch': async () => {
    const b = await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId: anyTitle(), quantity: 1 }] });
    await ctx.call('accession.confirm', { id: b.id });
    return { batchId: b.id };
  },
  'labels.saveCardRules': async () => ({ rules: ['Giữ yên lặng trong phòng đọc.', 'Trả sách đúng hẹn.'] }),
  'readers.save': async () => ({ kind: 'student', code: 'HS-NHATKY', fullName: 'Nguyễn Thị Nhật Ký', className: '6A1' }),
  'readers.import': async () => ({ file: fixturePath('danh-sach-giao-vien.csv') }),
  'readers.rollover': async () => ({ to: '2027-2028', confirm: '2027-2028' }),
  'readers.undoRollover': async () => {
    if (!(await ctx.call('readers.lastRollover', {}))) await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    return { id: (await ctx.call('readers.lastRollover', {}))!.id };
  },
  'readers.setPin': async () => ({ id: teacher(), pin: '135790' }),
  'readers.clearPin': async () => {
    await ctx.call('readers.setPin', { id: teacher(), pin: '135790' });
    return { id: teacher() };
  },
  'circulation.checkout': async () => ({ readerId: student(), code: shelfCopy().code }),
  'circulation.return': async () => ({ code: (await lend()).copyCode }),
  'circulation.undo': async () => ({ action: 'checkout', loanId: (await lend()).id }),
  'circulation.markLost': async () => ({ loanId: (await lend()).id, compensation: 'none' }),
  'circulation.lendClassSet': async () => {
    const titles = await ctx.call('circulation.classSetTitles', { className: '6A2' });
    return { className: '6A2', titleIds: titles.filter((t) => t.available > 0).slice(0, 1).map((t) => t.titleId) };
  },
  'circulation.returnClassSet': async () => {
    const titles = await ctx.call('circulation.classSetTitles', { className: '7A1' });
    await ctx.call('circulation.lendClassSet', { className: '7A1', titleIds: titles.filter((t) => t.available > 0).slice(0, 1).map((t) => t.titleId) });
    return { classSet: (await ctx.call('circulation.classSets', {})).find((s) => s.className === '7A1' && s.open > 0)!.classSet };
  },
  'loanRules.save': async () => ({ ...(await ctx.call('loanRules.list', {})).find((p) => p.readerKind === 'student' && p.seriesCode === '*')!, loanDays: 10 }),
  'loanRules.delete': async () => {
    const saved = await ctx.call('loanRules.save', { readerKind: 'staff', seriesCode: 'STN', maxItems: 2, loanDays: 14, maxRenewals: 1, inLibraryOnly: false, untilYearEnd: false });
    return { id: saved.id };
  },
  'circulation.transfer': async () => {
    const loan = await lend();
    const other = one<{ id: number }>('SELECT id FROM reader WHERE kind = \'student\' AND active = 1 AND id <> ? AND id NOT IN (SELECT reader_id FROM loan WHERE returned_at IS NULL) ORDER BY id LIMIT 1', loan.readerId).id;
    return { readerId: other, code: loan.copyCode };
  },
  'circulation.found': async () => {
    const loan = await lend();
    await ctx.call('circulation.markLost', { loanId: loan.id, compensation: 'none' });
    return { code: loan.copyCode };
  },
  'loanRules.saveHolidays': async () => ({ dates: ['2026-12-24'] }),
  'reservations.place': async () => ({ titleId: await titleAllOut(), readerId: teacher() }),
  'reservations.cancel': async () => {
    const r = await ctx.call('reservations.place', { titleId: await titleAllOut(), readerId: teacher() });
    return { id: r.id, reason: 'Cô đã mượn được sách ở nơi khác' };
  },
  'stocktake.start': async () => ({ name: 'Kiểm kê thử STN', schoolYear: YEAR, scope: ['STN'] }),
  'stocktake.close': async () => {
    const open = (await ctx.call('stocktake.list', {})).find((s) => !s.closedAt)
      ?? await ctx.call('stocktake.start', { name: 'Kiểm kê để đóng', schoolYear: YEAR, scope: ['STN'] });
    return { stocktakeId: open.id };
  },
  'periodicals.save': async () => ({ name: 'Báo Thiếu niên Tiền phong', publisher: 'Trung ương Đoàn', frequency: 'hằng tuần' }),
  'periodicals.receive': async () => {
    const p = await ctx.call('periodicals.save', { name: 'Tạp chí Toán Tuổi thơ', publisher: 'NXB Giáo dục Việt Nam', frequency: 'hằng tháng' });
    return { periodicalId: p.id, receivedOn: '2026-11-25', issueNumber: '250' };
  },
  'suggestions.add': async () => ({ title: 'Hoàng tử bé (song ngữ)', who: 'cô Mai' }),
  'suggestions.markSpam': async () => ({ ids: [(await ctx.call('suggestions.add', { title: 'mua sách này đi aaaa' })).id] }),
  'suggestions.setStatus': async () => ({ id: (await ctx.call('suggestions.add', { title: 'Không mua thử' })).id, status: 'rejected' }),
  'digital.saveSettings': async () => ({ maxMegabytes: 100 }),
  'digital.add': async () => ({ titleId: anyTitle(), uploadId: await upload(), access: 'public' }),
  'digital.update': async () => {
    const r = await ctx.call('digital.add', { titleId: anyTitle(), url: 'https://hanhtrangso.nxbgd.vn/sach-thu' });
    return { id: r.id, name: 'Sách điện tử (đã sửa)', form: 'link' };
  },
  'digital.remove': async () => ({ id: (await ctx.call('digital.add', { titleId: anyTitle(), url: 'https://example.edu.vn/go' })).id }),
  'plan.create': async () => ({ year: '2027-2028' }),
  'plan.update': async () => ({ planId: (await draftPlan()).id, budgetCap: 5_000_000 }),
  'plan.saveLine': async () => ({ planId: (await draftPlan()).id, line: { title: 'Sách mới cho kế hoạch', quantity: 3, unitPrice: 20_000 } }),
  'plan.deleteLine': async () => {
    const p = await ctx.call('plan.saveLine', { planId: (await draftPlan()).id, line: { title: 'Dòng sẽ xóa', quantity: 1 } });
    return { planId: p.id, lineId: p.lines.find((l) => l.title === 'Dòng sẽ xóa')!.id };
  },
  'plan.addLines': async () => ({ planId: (await draftPlan()).id, lines: [{ title: 'Atlat Địa lí Việt Nam', quantity: 2, unitPrice: 32_000 }] }),
  'plan.import': async () => ({ planId: (await draftPlan()).id, file: { fileName: 'ke-hoach-mua-sam.csv', path: fixturePath('ke-hoach-mua-sam.csv') } }),
  'plan.scanIsbn': async () => {
    await ctx.call('catalogue.saveTitle', { title: 'Atlat Địa lí Việt Nam (quét)', isbn: '9786040000002', seriesId: (await ctx.call('settings.listSeries', {}))[0].id });
    return { planId: (await draftPlan()).id, isbn: '9786040000002' };
  },
  'plan.addSuggestions': async () => ({ planId: (await draftPlan()).id, suggestionIds: [(await ctx.call('suggestions.add', { title: 'Đề xuất vào kế hoạch' })).id] }),
  'plan.addForecast': async () => ({ planId: (await draftPlan()).id }),
  'plan.setStatus': async () => ({ planId: (await draftPlan()).id, action: 'submit' }),
  'plan.newVersion': async () => ({ planId: (await approvedPlan()).id }),
  'plan.linkBatch': async () => {
    const p = await approvedPlan();
    const b = await ctx.call('accession.saveDraft', { date: '2025-10-01', source: 'mua', lines: [{ titleId: anyTitle(), quantity: 1 }] });
    await ctx.call('accession.confirm', { id: b.id });
    const line = p.lines[0];
    return { planId: p.id, batchId: b.id, links: [{ batchLineId: (await ctx.call('accession.get', { id: b.id })).lines[0].id, planLineId: line.id }] };
  },
  'plan.unlinkBatch': async () => {
    const p = await approvedPlan();
    const b = await ctx.call('accession.saveDraft', { date: '2025-10-02', source: 'mua', lines: [{ titleId: anyTitle(), quantity: 1 }] });
    await ctx.call('accession.confirm', { id: b.id });
    const lineId = (await ctx.call('accession.get', { id: b.id })).lines[0].id;
    await ctx.call('plan.linkBatch', { planId: p.id, batchId: b.id, links: [{ batchLineId: lineId, planLineId: p.lines[0].id }] });
    return { planId: p.id, batchId: b.id };
  },
  'backup.restore': async () => ({ file: (await ctx.call('backup.run', {})).file }),
  'backup.restoreUpload': async () => {
    // A backup chosen on a USB stick, sent in pieces as the screen sends it.
    const bytes = fs.readFileSync(path.join(ctx.dataDir, 'backups', (await ctx.call('backup.run', {})).file));
    const { uploadId, chunkBytes } = await ctx.call('backup.uploadBegin', { fileName: 'usb.db', size: bytes.length });
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      await ctx.call('backup.uploadChunk', { uploadId, offset, base64: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
    }
    return { uploadId };
  },
  'opac.saveSettings': async () => ({ enabled: false, host: '0.0.0.0', port: 8181 }),
  'union.saveSettings': async () => ({ server: 'http://192.168.1.10:8090/', key: 'khoa-thu-nhat-ky-0001', auto: false }),
  'union.pushNow': async () => {
    await ctx.call('union.saveSettings', { server: await unionStubUrl(), key: 'khoa-thu-nhat-ky-0002', auto: false });
    return {};
  },
};

beforeAll(async () => {
  ctx = await tempContext(); // 26/11/2026
  await generateDemo(ctx.sql, { seed: 5, copies: 400, students: 60, teachers: 6, loans: 80, titles: 120, now: ctx.now() });
}, 120_000);
afterAll(async () => {
  unionStub?.close();
  await ctx.cleanup();
});

const audited = methodNames.filter(mustAudit);

describe('every contract method that changes data writes an audit row (shared/contract/effects.ts)', () => {
  it('the rule in effects.ts names only methods that exist, and each exemption gives its reason', () => {
    for (const m of [...READ_ONLY, ...WRITES_DESPITE_NAME, ...Object.keys(UNAUDITED)]) expect(methodNames, m).toContain(m);
    for (const [m, why] of Object.entries(UNAUDITED)) {
      expect(changesData(m), `${m} is exempt from the audit but does not change data: drop it from UNAUDITED`).toBe(true);
      expect((why ?? '').length, m).toBeGreaterThan(20);
    }
    expect(audited.length).toBeGreaterThan(50);
  });

  it.each(audited)('%s', async (method) => {
    const scenario = scenarios[method] as (() => Promise<unknown>) | undefined;
    expect(scenario, `${method} changes data: give it a scenario here, or declare it read-only or exempt (with the reason) in shared/contract/effects.ts`).toBeDefined();
    const input = await scenario!();
    const before = one<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM audit_log').n;
    const r = await dispatch(ctx, method, input);
    expect(r.ok ? null : r.message, `${method} refused its scenario`).toBeNull();
    const rows = ctx.sql.prepare('SELECT action, entity FROM audit_log WHERE id > ?').all(before) as { action: string; entity: string }[];
    expect(rows.length, `${method} changed data and wrote no audit row`).toBeGreaterThan(0);
    // Each row reads as a sentence in the Nhật ký, not the fallback for an action it does not know.
    const log = await ctx.call('audit.list', { limit: rows.length });
    for (const row of log.rows) expect(row.what, `${method}: ${rows.map((x) => x.action).join(', ')}`).not.toMatch(/^Thay đổi:/);
  });
});

