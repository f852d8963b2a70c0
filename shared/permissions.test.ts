import { describe, expect, it } from 'vitest';
import { methodNames, type MethodName } from './contract';
import { permissionActions, permissions, rolePermissions, roles, roleLabels, refusalMessage, type Permission } from './accounts';
import { methodPermissions, mayCall } from './permissions';

// Compile-time: the table must name every method. A table missing one is a type error (npm run typecheck fails
// when this directive has nothing to expect, i.e. if Record<MethodName, Permission> stopped requiring every method).
const { 'circulation.checkout': _dropped, ...withoutOne } = methodPermissions;
// @ts-expect-error a method without a permission entry does not compile
const incomplete: typeof methodPermissions = withoutOne;
void incomplete;

describe('the permission table (shared/permissions.ts)', () => {
  it('gives every contract method one known permission, and names no method that does not exist', () => {
    const known = new Set<string>(permissions);
    for (const m of methodNames) {
      expect(methodPermissions[m], `${m} has no permission entry`).toBeDefined();
      expect(known.has(methodPermissions[m]), `${m}: unknown permission ${methodPermissions[m]}`).toBe(true);
    }
    expect(Object.keys(methodPermissions).sort()).toEqual([...methodNames].sort());
  });

  it('says every refusal in Vietnamese, naming the action, never a key', () => {
    for (const p of permissions) {
      const msg = refusalMessage('Lan', 'cong-tac-vien', p);
      expect(msg).toBe(`Tài khoản Lan (Cộng tác viên) không có quyền ${permissionActions[p]}.`);
      expect(permissionActions[p]).not.toMatch(/[a-z]+\.[a-z]+|[A-Z]+_[A-Z]+|-/);
    }
    expect(refusalMessage('Hà', 'giao-vien', 'withdrawal.confirm')).toBe('Tài khoản Hà (Giáo viên phụ trách) không có quyền ghi giảm sách.');
    expect(refusalMessage('Hà', 'giao-vien', 'backup.restore')).toBe('Tài khoản Hà (Giáo viên phụ trách) không có quyền khôi phục dữ liệu.');
  });

  it('follows the roles of issue 20', () => {
    expect(Object.keys(roleLabels)).toEqual([...roles]);
    expect(rolePermissions['thu-thu']).toEqual(permissions);
    const can = (role: (typeof roles)[number], ...ms: MethodName[]) => ms.every((m) => mayCall(role, m));
    const cannot = (role: (typeof roles)[number], ...ms: MethodName[]) => ms.every((m) => !mayCall(role, m));
    // Cộng tác viên: the desk and stocktake scanning, nothing else that changes data.
    expect(can('cong-tac-vien', 'circulation.scan', 'circulation.checkout', 'circulation.return', 'circulation.renew', 'circulation.visit', 'stocktake.scan')).toBe(true);
    expect(cannot('cong-tac-vien', 'circulation.markLost', 'catalogue.saveTitle', 'readers.save', 'registers.print', 'settings.saveSchool',
      'backup.run', 'backup.restore', 'archive.exportAll', 'withdrawal.confirm', 'accounts.add', 'audit.list')).toBe(true);
    expect(rolePermissions['cong-tac-vien']).not.toContain<Permission>('desk.override');
    expect(rolePermissions['cong-tac-vien']).not.toContain<Permission>('desk.undoOthers');
    // Giáo viên phụ trách: everything but restore and accounts.
    expect(permissions.filter((p) => !rolePermissions['giao-vien'].includes(p))).toEqual(['backup.restore', 'accounts.manage']);
    // Ban giám hiệu: reads reports and registers, approves; no desk work.
    expect(can('bgh', 'registers.print', 'reports.statistics', 'plan.setStatus', 'selfcheck.approve', 'audit.list')).toBe(true);
    expect(cannot('bgh', 'circulation.checkout', 'circulation.scan', 'plan.saveLine', 'catalogue.saveTitle', 'settings.saveSchool')).toBe(true);
    // Kế toán: the plan and the phiếu nhập / biên bản drafts; read-only otherwise.
    expect(can('ke-toan', 'plan.saveLine', 'accession.saveDraft', 'withdrawal.saveDraft', 'reports.statistics')).toBe(true);
    expect(cannot('ke-toan', 'circulation.checkout', 'accession.confirm', 'withdrawal.confirm', 'readers.save')).toBe(true);
    // Anyone may reach the sign-in methods, signed in or not.
    for (const r of roles) expect(can(r, 'session.signIn', 'session.current', 'settings.appInfo')).toBe(true);
  });
});
