import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName } from '../../../shared/contract';
import { permissionActions, roleHas, roles, roleLabels, type Role } from '../../../shared/accounts';
import { methodPermissions } from '../../../shared/permissions';
import { tempContext, type TestContext } from '../../test-utils';
import { dispatch } from '../dispatch';
import type { Offload } from '../context';

/**
 * Issue 20, acceptance: per role, every method the role lacks is refused by dispatch with "Tài khoản … (…) không có
 * quyền <action>." — before its input is read, the worker is asked or anything is written.
 */
let ctx: TestContext;
const sessions = new Map<Role, string>();
const offloaded: string[] = [];

beforeAll(async () => {
  ctx = await tempContext();
  // Every call would go to a worker: a refused one must never get there.
  ctx.offload = {
    handles: () => true,
    call: async (method: string) => { offloaded.push(method); return { ok: false, code: 'OFFLOADED', message: method }; },
    cancel: () => undefined, close: async () => undefined,
  } satisfies Offload;
  for (const [i, role] of roles.entries()) {
    const card = `THE-${i}`;
    // The Thủ thư made by init opens straight in: she adds the accounts (not offloaded: accounts.add is checked first).
    ctx.offload.handles = () => false;
    await ctx.call('accounts.add', { keepOpenStraightIn: true, name: `Người ${roleLabels[role]}`, role, card, pin: '123456' });
    const signed = await ctx.call('session.signIn', { card, pin: '123456' });
    sessions.set(role, signed.session);
    ctx.offload.handles = () => true;
  }
});
afterAll(async () => ctx.cleanup());

const changes = () => ctx.sql.prepare('SELECT total_changes() AS n').get() as { n: number };

describe('per role, every method the role lacks is refused in dispatch (issue 20)', () => {
  for (const role of roles) {
    it(`${roleLabels[role]}`, async () => {
      const lacking = methodNames.filter((m) => !roleHas(role, methodPermissions[m]));
      if (role === 'thu-thu') expect(lacking).toEqual([]);
      else expect(lacking.length).toBeGreaterThan(5);
      const before = changes();
      offloaded.length = 0;
      for (const method of lacking) {
        const r = await dispatch(ctx, method, { nonsense: true }, { session: sessions.get(role) });
        expect(r, method).toEqual({
          ok: false, code: 'FORBIDDEN',
          message: `Tài khoản Người ${roleLabels[role]} (${roleLabels[role]}) không có quyền ${permissionActions[methodPermissions[method as MethodName]]}.`,
        });
      }
      expect(changes()).toEqual(before);
      expect(offloaded).toEqual([]);
    });
  }

  it('names the action in Vietnamese: a pupil helper may not write off, restore, override or change Cài đặt', async () => {
    const s = sessions.get('cong-tac-vien');
    const refused = async (m: MethodName) => {
      const r = await dispatch(ctx, m, {}, { session: s });
      return r.ok ? '' : r.message;
    };
    expect(await refused('withdrawal.confirm')).toBe('Tài khoản Người Cộng tác viên (Cộng tác viên) không có quyền ghi giảm sách.');
    expect(await refused('backup.restore')).toBe('Tài khoản Người Cộng tác viên (Cộng tác viên) không có quyền khôi phục dữ liệu.');
    expect(await refused('backup.run')).toBe('Tài khoản Người Cộng tác viên (Cộng tác viên) không có quyền sao lưu dữ liệu.');
    expect(await refused('settings.saveSchool')).toBe('Tài khoản Người Cộng tác viên (Cộng tác viên) không có quyền thay đổi cài đặt.');
    // Đặt trước: she returns books, so she prints the hold slip to put in the one held (past the check: on to the worker);
    // the class notices stay the librarian's prints.
    expect(await refused('reservations.slipPdf')).toBe('reservations.slipPdf');
    expect(await refused('reservations.noticesPdf')).toBe('Tài khoản Người Cộng tác viên (Cộng tác viên) không có quyền in giấy nhắc trả, phiếu mượn theo lớp và phiếu báo sách đã về.');
  });

  it('a call without a session acts as the Thủ thư while "open straight in" is on, else asks to sign in; a disabled account is signed out', async () => {
    ctx.offload!.handles = () => false;
    try {
      expect((await dispatch(ctx, 'accounts.list', {})).ok).toBe(true);
      await ctx.call('accounts.saveSettings', { openStraightIn: false, idleLockMinutes: 10 });
      expect(await dispatch(ctx, 'accounts.list', {})).toEqual({ ok: false, code: 'SIGN_IN_REQUIRED', message: 'Hãy đăng nhập.' });
      expect(await dispatch(ctx, 'readers.list', {}, { session: 'khong-co' })).toMatchObject({ ok: false, code: 'SIGN_IN_REQUIRED' });
      // The sign-in methods answer anyone.
      expect(await dispatch(ctx, 'session.current', {})).toMatchObject({ ok: true, value: { account: null, openStraightIn: false } });
      const librarian = sessions.get('thu-thu');
      const helper = (await dispatch(ctx, 'session.current', {}, { session: sessions.get('cong-tac-vien') })) as { ok: true; value: { account: { id: number; permissions: string[] } } };
      expect(helper.value.account.permissions).toContain('desk.lend');
      expect(helper.value.account.permissions).not.toContain('desk.override');
      expect((await dispatch(ctx, 'accounts.disable', { id: helper.value.account.id }, { session: librarian })).ok).toBe(true);
      expect(await dispatch(ctx, 'circulation.lookup', { code: 'X' }, { session: sessions.get('cong-tac-vien') })).toMatchObject({ ok: false, code: 'SIGN_IN_REQUIRED' });
      expect((await dispatch(ctx, 'accounts.saveSettings', { openStraightIn: true, idleLockMinutes: 10 }, { session: librarian })).ok).toBe(true);
    } finally {
      ctx.offload!.handles = () => true;
    }
  });
});
