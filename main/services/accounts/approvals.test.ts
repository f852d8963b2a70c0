import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../../tests/pdf-read';
import { tempContext, type TestContext } from '../../test-utils';
import { dispatch } from '../dispatch';

/** Issue 20: the plan's and the self-assessment's approvals record the approving account and print its name. */
let ctx: TestContext;
let bgh: string;
let accountant: string;
const YEAR = '2026-2027';

async function as<T>(session: string, method: string, input: unknown): Promise<T> {
  const r = await dispatch(ctx, method, input, { session });
  if (!r.ok) throw Object.assign(new Error(r.message), { code: r.code });
  return r.value as T;
}

beforeAll(async () => {
  ctx = await tempContext();
  await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Phạm Văn Hiệu', role: 'bgh', card: 'BGH-01', pin: '202627' });
  await ctx.call('accounts.add', { name: 'Ngô Thị Toán', role: 'ke-toan', card: 'KT-01', pin: '777888' });
  bgh = (await ctx.call('session.signIn', { card: 'BGH-01', pin: '202627' })).session;
  accountant = (await ctx.call('session.signIn', { card: 'KT-01', pin: '777888' })).session;
});
afterAll(async () => ctx.cleanup());

describe('approvals name the approving account (issue 20)', () => {
  it('the Kế toán drafts and submits the plan but cannot approve it; the Ban giám hiệu approves, and the PDF prints that name', async () => {
    const plan = await as<{ id: number }>(accountant, 'plan.create', { year: YEAR });
    await as(accountant, 'plan.saveLine', { planId: plan.id, line: { title: 'Từ điển Tiếng Việt', quantity: 2, unitPrice: 120_000 } });
    await as(accountant, 'plan.setStatus', { planId: plan.id, action: 'submit' });
    await expect(as(accountant, 'plan.setStatus', { planId: plan.id, action: 'approve', approvalDate: '2026-11-25', approvalNumber: '12/QĐ-THCS' }))
      .rejects.toThrow('Tài khoản Ngô Thị Toán (Kế toán) không có quyền duyệt hoặc trả lại kế hoạch mua sắm.');
    await expect(as(bgh, 'plan.saveLine', { planId: plan.id, line: { title: 'Thêm', quantity: 1 } }))
      .rejects.toThrow('Tài khoản Phạm Văn Hiệu (Ban giám hiệu) không có quyền lập kế hoạch mua sắm.');
    const approved = await as<{ status: string; approvedBy: string }>(bgh, 'plan.setStatus', { planId: plan.id, action: 'approve', approvalDate: '2026-11-25', approvalNumber: '12/QĐ-THCS' });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'Phạm Văn Hiệu' });
    const audit = (await ctx.call('audit.list', { filter: { kind: 'plan' } })).rows[0];
    expect([audit.who, audit.what]).toEqual(['Phạm Văn Hiệu', 'Duyệt kế hoạch mua sắm (số 12/QĐ-THCS).']);
    const file = await as<{ path: string }>(bgh, 'plan.print', { planId: plan.id });
    const text = await pdfText(file.path);
    expect(text).toContain('Phạm Văn Hiệu');
    expect(text).toContain('Đã duyệt trên Kệ Sách');
  });

  it('the Ban giám hiệu approves the self-assessment; the report prints that name under the principal\'s signature', async () => {
    await expect(as(accountant, 'selfcheck.approve', { year: YEAR })).rejects.toThrow('Tài khoản Ngô Thị Toán (Kế toán) không có quyền duyệt tự đánh giá thư viện.');
    await expect(as(bgh, 'selfcheck.approve', { year: YEAR, action: 'return' })).rejects.toThrow('Hãy ghi lý do trả lại');
    const sc = await as<{ approval: { status: string; name: string; roleLabel: string } }>(bgh, 'selfcheck.approve', { year: YEAR });
    expect(sc.approval).toMatchObject({ status: 'approved', name: 'Phạm Văn Hiệu', roleLabel: 'Ban giám hiệu' });
    const file = await as<{ path: string }>(bgh, 'selfcheck.print', { kind: 'report', year: YEAR });
    const text = await pdfText(file.path);
    expect(text).toContain('Phạm Văn Hiệu');
    expect(text).toContain('Đã duyệt trên Kệ Sách ngày 26/11/2026');
    expect((await ctx.call('audit.list', { filter: { kind: 'selfcheck' } })).rows.map((r) => [r.who, r.what]))
      .toEqual([['Phạm Văn Hiệu', `Duyệt báo cáo tự đánh giá thư viện năm học ${YEAR}.`]]);
  });

  it('the year-end rollover disables the pupil helpers whose school year ended, listed in its preview', async () => {
    const helper = await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Trần Văn Nam', role: 'cong-tac-vien', card: 'HS-0042', pin: '246810' });
    const later = await ctx.call('accounts.add', { name: 'Lê Thu', role: 'cong-tac-vien', card: 'HS-0043', pin: '246811', schoolYearEnd: '2028-05-31' });
    const pupil = (await ctx.call('session.signIn', { card: 'HS-0042', pin: '246810' })).session;
    const preview = await ctx.call('readers.rolloverPreview', { to: '2027-2028' });
    expect(preview.helpersEnding).toEqual([{ id: helper.id, name: 'Trần Văn Nam', card: 'HS-0042', schoolYearEnd: '2027-05-31' }]);
    await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    const rows = (await ctx.call('accounts.list', {})).rows;
    expect(rows.find((r) => r.id === helper.id)!.disabled).toBe(true);
    expect(rows.find((r) => r.id === later.id)!.disabled).toBe(false);
    expect(await dispatch(ctx, 'circulation.lookup', { code: 'X' }, { session: pupil })).toMatchObject({ ok: false, code: 'SIGN_IN_REQUIRED' });
    expect((await ctx.call('audit.list', { filter: { kind: 'account' } })).rows[0].what).toBe('Khóa 1 tài khoản cộng tác viên hết năm học: Trần Văn Nam.');

    // Undoing the rollover gives the helper back the account it took, and only that one.
    const manual = await ctx.call('accounts.add', { name: 'Võ Minh', role: 'cong-tac-vien', card: 'HS-0044', pin: '246812', schoolYearEnd: '2028-05-31' });
    await ctx.call('accounts.disable', { id: manual.id });
    const last = await ctx.call('readers.lastRollover', {});
    expect(last!.helpersDisabled).toBe(1);
    await ctx.call('readers.undoRollover', { id: last!.id });
    const after = (await ctx.call('accounts.list', {})).rows;
    expect(after.find((r) => r.id === helper.id)!.disabled).toBe(false);
    expect(after.find((r) => r.id === manual.id)!.disabled).toBe(true);
    expect((await ctx.call('session.signIn', { card: 'HS-0042', pin: '246810' })).session).toBeTruthy();
    expect((await ctx.call('audit.list', { filter: { kind: 'account' } })).rows[0].what).toBe('Mở lại 1 tài khoản cộng tác viên khi hoàn tác chuyển năm học: Trần Văn Nam.');
  });
});
