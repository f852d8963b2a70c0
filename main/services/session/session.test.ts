import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BEFORE_ACCOUNTS } from '../../../shared/accounts';
import { main as cli } from '../../cli';
import { startHttpTransport } from '../../server/http';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { dispatch } from '../dispatch';
import { importReadersFile } from '../readers/import';
import { PIN_ADDRESS_TRIES } from '../readers/pin';

let ctx: TestContext;
beforeEach(async () => { ctx = await tempContext(); });
afterEach(async () => ctx.cleanup());

/** Calls as a session; unwraps or throws the Vietnamese message. */
async function as<T>(session: string | null, method: string, input: unknown): Promise<T> {
  const r = await dispatch(ctx, method, input, { session });
  if (!r.ok) throw Object.assign(new Error(r.message), { code: r.code });
  return r.value as T;
}
const one = <T>(q: string, ...p: unknown[]) => ctx.sql.prepare(q).get(...p) as T;

describe('signing in at the desk (issue 20)', () => {
  it('first start: the Thủ thư names herself and sets a password, gets a recovery code; recovering spends it', async () => {
    const before = await ctx.call('session.current', {});
    expect(before).toMatchObject({ setupNeeded: true, openStraightIn: true, account: { name: 'Thủ thư', role: 'thu-thu', roleLabel: 'Thủ thư' } });
    const set = await ctx.call('session.setUp', { name: 'Lê Thị Mai', password: 'mat-khau-dai' });
    expect(set.recoveryCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(set.account).toMatchObject({ name: 'Lê Thị Mai', role: 'thu-thu' });
    await expect(ctx.call('session.setUp', { name: 'Ai khác', password: 'mat-khau-khac' })).rejects.toThrow('đã có mật khẩu');
    // Never the secret itself in the database.
    expect(JSON.stringify(ctx.sql.prepare('SELECT * FROM account').all())).not.toMatch(/mat-khau-dai|\b[A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(JSON.stringify(ctx.sql.prepare('SELECT * FROM audit_log').all())).not.toMatch(/mat-khau|recovery/i);
    const current = await ctx.call('session.current', {});
    expect(current.setupNeeded).toBe(false);
    expect(current.passwordAccounts).toEqual([{ id: set.account.id, name: 'Lê Thị Mai', roleLabel: 'Thủ thư' }]);
    await expect(ctx.call('session.signInWithPassword', { accountId: set.account.id, password: 'sai-mat-khau' })).rejects.toThrow('Mật khẩu không đúng.');
    const signed = await ctx.call('session.signInWithPassword', { accountId: set.account.id, password: 'mat-khau-dai' });
    expect((await as<{ account: { name: string } }>(signed.session, 'session.current', {})).account.name).toBe('Lê Thị Mai');

    await expect(ctx.call('session.recover', { recoveryCode: 'AAAA-BBBB-CCCC-DDDD', newPassword: 'mat-khau-moi' })).rejects.toThrow('Mã khôi phục không đúng.');
    const recovered = await ctx.call('session.recover', { recoveryCode: set.recoveryCode.toLowerCase().replace(/-/g, ' '), newPassword: 'mat-khau-moi' });
    expect(recovered.recoveryCode).not.toBe(set.recoveryCode);
    await expect(ctx.call('session.recover', { recoveryCode: set.recoveryCode, newPassword: 'mat-khau-khac' })).rejects.toThrow('Mã khôi phục không đúng.');
    expect((await ctx.call('session.signInWithPassword', { accountId: set.account.id, password: 'mat-khau-moi' })).account.id).toBe(set.account.id);
    const rows = (await ctx.call('audit.list', { filter: { kind: 'account' } })).rows;
    expect(rows.map((r) => [r.who, r.what])).toEqual([
      ['Lê Thị Mai', 'Đặt lại mật khẩu của tài khoản Lê Thị Mai bằng mã khôi phục; mã cũ hết hiệu lực.'],
      ['Lê Thị Mai', 'Lần đầu sử dụng: đặt tên và mật khẩu cho tài khoản Thủ thư Lê Thị Mai, in mã khôi phục.'],
    ]);
  });

  it('wrong PINs wait per device and lock the account, as the OPAC\'s sign-in does; a new PIN unlocks it', async () => {
    const a = await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Trần Văn Nam', role: 'cong-tac-vien', card: 'hs-0042', pin: '246810' });
    expect(a).toMatchObject({ card: 'HS-0042', roleLabel: 'Cộng tác viên', schoolYearEnd: '2027-05-31', hasPin: true });
    for (let i = 0; i < PIN_ADDRESS_TRIES; i++) {
      await expect(ctx.call('session.signIn', { card: 'HS-0042', pin: '000000' })).rejects.toThrow('Số thẻ hoặc mã PIN không đúng.');
    }
    // This device now waits, even with the right PIN.
    await expect(ctx.call('session.signIn', { card: 'HS-0042', pin: '246810' })).rejects.toThrow(/Máy này đã nhập sai nhiều lần/);
    await new Promise((r) => setImmediate(r));
    expect(one<{ n: number }>('SELECT failed_tries AS n FROM account WHERE id = ?', a.id).n).toBe(PIN_ADDRESS_TRIES);
    await ctx.call('accounts.resetPin', { id: a.id, pin: '135791' });
    expect(one<{ n: number }>('SELECT failed_tries AS n FROM account WHERE id = ?', a.id).n).toBe(0);
    // A new PIN gives the device its tries back.
    expect((await ctx.call('session.signIn', { card: 'hs-0042', pin: '135791' })).account.name).toBe('Trần Văn Nam');
    await expect(ctx.call('accounts.add', { name: 'Trùng thẻ', role: 'bgh', card: 'HS-0042', pin: '111111' })).rejects.toThrow('Thẻ HS-0042 đã thuộc một tài khoản khác.');
  });

  it('a pupil helper lends and returns; the loans are theirs (statistics per person), overrides and undoing another\'s loan are refused', async () => {
    await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
    await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
    const hoa = one<{ id: number }>("SELECT id FROM reader WHERE code = '220561001'").id;
    const librarianLoan = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000003' });
    const helper = await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Trần Văn Nam', role: 'cong-tac-vien', card: 'HS-0042', pin: '246810' });
    const { session } = await ctx.call('session.signIn', { card: 'HS-0042', pin: '246810' });
    const lent = await as<{ loan: { id: number } }>(session, 'circulation.checkout', { readerId: hoa, code: 'STN000001' });
    await as(session, 'circulation.scan', { code: 'STN000002', readerId: hoa, mode: 'lend' });
    await as(session, 'circulation.return', { code: 'STN000001' });
    expect(one('SELECT lent_by AS lentBy, returned_by AS returnedBy FROM loan WHERE id = ?', lent.loan.id)).toEqual({ lentBy: helper.id, returnedBy: helper.id });
    // The Nhật ký names the pupil on those loans.
    expect((await ctx.call('audit.list', { filter: { accountId: helper.id } })).rows.map((r) => [r.who, r.what])).toEqual([
      ['Trần Văn Nam', 'Nhận trả bản STN000001.'], ['Trần Văn Nam', 'Cho mượn bản STN000002.'], ['Trần Văn Nam', 'Cho mượn bản STN000001.'],
    ]);
    // Their own mis-scan they may undo; the librarian's loan they may not.
    const again = await as<{ loan: { id: number } }>(session, 'circulation.checkout', { readerId: hoa, code: 'STN000001' });
    await as(session, 'circulation.undo', { action: 'checkout', loanId: again.loan.id });
    const changes = () => one<{ n: number }>('SELECT total_changes() AS n').n;
    const before = changes();
    await expect(as(session, 'circulation.undo', { action: 'checkout', loanId: librarianLoan.loan.id }))
      .rejects.toThrow('Tài khoản Trần Văn Nam (Cộng tác viên) không có quyền hoàn tác thao tác của người khác.');
    expect(changes()).toBe(before);
    // A loan past the rules needs an override: not a pupil helper's to give.
    await ctx.call('loanRules.save', { ...(await ctx.call('loanRules.list', {})).find((p) => p.readerKind === 'student' && p.seriesCode === '*')!, maxItems: 1 });
    const ruled = changes();
    await expect(as(session, 'circulation.checkout', { readerId: hoa, code: 'STK000001', overrideReason: 'Ôn thi' }))
      .rejects.toThrow('Tài khoản Trần Văn Nam (Cộng tác viên) không có quyền cho mượn vượt quy định.');
    expect(changes()).toBe(ruled);
    const stats = await ctx.call('stats.staffActivity', { from: '2026-11-01', to: '2026-11-30' });
    expect(stats.months).toEqual(['2026-11']);
    expect(stats.rows.map((r) => [r.name, r.roleLabel, r.loans, r.returns])).toEqual([
      ['Trần Văn Nam', 'Cộng tác viên', 2, 1], ['Thủ thư', 'Thủ thư', 1, 0],
    ]);
    await expect(ctx.call('stats.staffActivity', { from: '2026-12-01', to: '2026-11-30' })).rejects.toThrow('Ngày "từ" phải trước hoặc bằng ngày "đến".');
  });

  it('audit rows name the account, the CLI and old rows; the Nhật ký filters by account; the session travels over HTTP', async () => {
    const bgh = await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Phạm Văn Hiệu', role: 'bgh', password: 'mat-khau-hieu' });
    const kt = await ctx.call('accounts.add', { name: 'Ngô Thị Toán', role: 'ke-toan', card: 'KT-01', pin: '777888' });
    const { session } = await ctx.call('session.signIn', { card: 'KT-01', pin: '777888' });
    await as(session, 'plan.create', { year: '2026-2027' });
    const rows = (await ctx.call('audit.list', { filter: { accountId: kt.id } })).rows;
    expect(rows.map((r) => [r.who, r.accountId, r.what])).toEqual([['Ngô Thị Toán', kt.id, 'Lập kế hoạch mua sắm năm học 2026-2027.']]);
    expect((await ctx.call('audit.list', { filter: { accountId: bgh.id } })).rows).toEqual([]);
    // Kế toán and Ban giám hiệu read Nhật ký without accounts.list: audit.people names those in the log, no card.
    const bghSession = (await ctx.call('session.signInWithPassword', { accountId: bgh.id, password: 'mat-khau-hieu' })).session;
    const people = await as<{ rows: Record<string, unknown>[] }>(bghSession, 'audit.people', {});
    expect(people.rows.find((r) => r.id === kt.id)).toEqual({ id: kt.id, name: 'Ngô Thị Toán', roleLabel: 'Kế toán', disabled: false });
    expect(people.rows.some((r) => r.id === bgh.id)).toBe(false);
    expect(people.rows.every((r) => !('card' in r))).toBe(true);
    // The CLI writes "Dòng lệnh (<the computer's user>)".
    const code = await cli(['account', 'add', '--name', 'Đỗ Minh Khoa', '--role', 'giao-vien', '--card', 'GV-09', '--pin', '975310', '--db', ctx.databaseFile]);
    expect(code).toBe(0);
    const cliRow = one<{ actor: string; account_id: number | null }>("SELECT actor, account_id FROM audit_log WHERE action = 'account.add' ORDER BY id DESC LIMIT 1");
    expect(cliRow.actor).toMatch(/^Dòng lệnh \(.+\)$/);
    expect(cliRow.account_id).toBeNull();
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => { printed.push(line); });
    try {
      expect(await cli(['account', 'list', '--json', '--db', ctx.databaseFile])).toBe(0);
      expect(await cli(['account', 'add', '--name', 'Sai vai trò', '--role', 'hieu-truong', '--pin', '123456', '--db', ctx.databaseFile]).catch((e: Error) => e.message))
        .toBe('Cần --role thu-thu|cong-tac-vien|giao-vien|bgh|ke-toan.');
    } finally {
      log.mockRestore();
    }
    expect((JSON.parse(printed[0]) as { name: string; role: string; card: string | null }[]).map((a) => [a.name, a.role, a.card])).toEqual([
      ['Thủ thư', 'thu-thu', null], ['Phạm Văn Hiệu', 'bgh', null], ['Ngô Thị Toán', 'ke-toan', 'KT-01'], ['Đỗ Minh Khoa', 'giao-vien', 'GV-09'],
    ]);
    // A row written outside any account (before accounts existed) reads as such.
    ctx.sql.prepare("INSERT INTO audit_log (at, actor, action, entity, details) VALUES ('2025-01-01T00:00:00.000Z', '', 'plan.create', 'plan', '{}')").run();
    expect((await ctx.call('audit.list', { filter: { from: '2025-01-01', to: '2025-01-01' } })).rows.map((r) => r.who)).toEqual([BEFORE_ACCOUNTS]);

    // Browser mode: the session header beside the run token makes the call act as that account.
    const transport = await startHttpTransport({ ctx, port: 0 });
    try {
      const post = (m: string, headers: Record<string, string>) => fetch(`${transport.url}api/call/${m}`, {
        method: 'POST', body: '{}', headers: { 'x-kesach-token': transport.token, ...headers },
      }).then((r) => r.json() as Promise<{ ok: boolean; message?: string; value?: { account: { name: string } } }>);
      expect((await post('session.current', { 'x-kesach-session': session })).value!.account.name).toBe('Ngô Thị Toán');
      expect(await post('accounts.list', { 'x-kesach-session': session })).toMatchObject({ ok: false, message: 'Tài khoản Ngô Thị Toán (Kế toán) không có quyền quản lý tài khoản.' });
      expect((await post('session.current', {})).value!.account.name).toBe('Thủ thư');
      await post('session.signOut', { 'x-kesach-session': session });
      // An ended session is not the Thủ thư: the screen holding it signs in again.
      expect((await post('session.current', { 'x-kesach-session': session })).value!.account).toBeNull();
      expect(await post('plan.get', { 'x-kesach-session': session })).toMatchObject({ ok: false, message: 'Phiên đăng nhập đã hết. Hãy đăng nhập.' });
    } finally {
      await transport.close();
    }
    const list = await ctx.call('accounts.list', {});
    expect(list.rows.map((r) => [r.name, r.roleLabel, r.disabled])).toEqual([
      ['Thủ thư', 'Thủ thư', false], ['Phạm Văn Hiệu', 'Ban giám hiệu', false], ['Ngô Thị Toán', 'Kế toán', false], ['Đỗ Minh Khoa', 'Giáo viên phụ trách', false],
    ]);
    expect(list.rows[2].lastSignInAt).toBe(ctx.now().toISOString());
    expect(await ctx.call('accounts.settings', {})).toEqual({ openStraightIn: true, idleLockMinutes: 10 });
  });
});

describe('"open straight in": off when another account exists unless the Thủ thư chose it (issue 20)', () => {
  it('a database made by init opens straight in; the first other account turns it off; her explicit choice keeps it', async () => {
    // Only her account: calls without a session act as her (scripts keep working).
    expect(await ctx.call('accounts.settings', {})).toEqual({ openStraightIn: true, idleLockMinutes: 10 });
    expect((await as<{ account: { name: string } }>(null, 'session.current', {})).account.name).toBe('Thủ thư');
    // She adds a pupil helper without choosing anything: from now on the PC asks who signs in; she keeps a session.
    const added = await as<{ openStraightInEnded: boolean; session?: string }>(null, 'accounts.add',
      { name: 'Trần Khánh Ánh', role: 'cong-tac-vien', card: 'HS000001', pin: '246810' });
    expect(added.openStraightInEnded).toBe(true);
    expect((await as<{ account: { name: string } }>(added.session!, 'session.current', {})).account.name).toBe('Thủ thư');
    expect(await as<{ openStraightIn: boolean; account: null }>(null, 'session.current', {})).toMatchObject({ openStraightIn: false, account: null });
    await expect(as(null, 'plan.get', { year: '2026-2027' })).rejects.toThrow('Hãy đăng nhập');
    // Saving the idle lock alone (the form carries the setting as it reads) keeps it off.
    await as(added.session!, 'accounts.saveSettings', { openStraightIn: false, idleLockMinutes: 5 });
    expect(await as(added.session!, 'accounts.settings', {})).toEqual({ openStraightIn: false, idleLockMinutes: 5 });
    // Her explicit choice turns it on again, and it stays on with other accounts.
    await as(added.session!, 'accounts.saveSettings', { openStraightIn: true, idleLockMinutes: 5 });
    await as(added.session!, 'accounts.add', { name: 'Ngô Thị Toán', role: 'ke-toan', card: 'KT-01', pin: '777888' });
    expect(await as(null, 'accounts.settings', {})).toEqual({ openStraightIn: true, idleLockMinutes: 5 });
  });

  it('adding the first other account with "keep opening straight in" keeps it, in the same step, and says so in Nhật ký', async () => {
    const added = await ctx.call('accounts.add', { name: 'Trần Khánh Ánh', role: 'cong-tac-vien', card: 'HS000001', pin: '246810', keepOpenStraightIn: true });
    expect(added.openStraightInEnded).toBe(false);
    expect(added.session).toBeUndefined();
    expect(await ctx.call('accounts.settings', {})).toEqual({ openStraightIn: true, idleLockMinutes: 10 });
    expect((await ctx.call('audit.list', { filter: { kind: 'setting' } })).rows.map((r) => r.what)[0]).toContain('máy này mở thẳng vào tài khoản Thủ thư');
  });
});

describe('the idle lock (issue 20, accounts-ui)', () => {
  it('session.current tells every role after how many idle minutes its screen locks, though only the Thủ thư reads accounts.settings', async () => {
    await ctx.call('session.setUp', { name: 'Lê Thị Mai', password: 'mat-khau-dai' });
    await ctx.call('accounts.add', { keepOpenStraightIn: true, name: 'Trần Khánh Ánh', role: 'cong-tac-vien', card: 'HS000001', pin: '246810' });
    await ctx.call('accounts.saveSettings', { openStraightIn: false, idleLockMinutes: 7 });
    const helper = await ctx.call('session.signIn', { card: 'HS000001', pin: '246810' });
    expect(await as<{ idleLockMinutes: number }>(helper.session, 'session.current', {})).toMatchObject({ idleLockMinutes: 7 });
    await expect(as(helper.session, 'accounts.settings', {})).rejects.toThrow('không có quyền quản lý tài khoản');
    expect(await as<{ idleLockMinutes: number; account: null }>(null, 'session.current', {})).toMatchObject({ account: null, idleLockMinutes: 7 });
  });
});
