import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlOf } from '../../db/sql';
import { tempContext, type TestContext } from '../../test-utils';
import { describeAudit } from '../audit/describe';
import { verifyPin } from './pin';

let ctx: TestContext;
beforeEach(async () => { ctx = await tempContext(); });
afterEach(async () => ctx.cleanup());

async function teacher(): Promise<{ id: number; cardNumber: string }> {
  return ctx.call('readers.save', { kind: 'teacher', code: 'GV-TOAN-01', fullName: 'Lê Thị Hoa', department: 'Tổ Toán' });
}

describe('Mã PIN tra cứu', () => {
  it('is stored only as a salted scrypt hash, never in plain text nor in the audit log', async () => {
    const t = await teacher();
    expect(await ctx.call('readers.pinStatus', { id: t.id })).toEqual({ hasPin: false, lockedUntil: null });
    await ctx.call('readers.setPin', { id: t.id, pin: '482913' });
    expect(await ctx.call('readers.pinStatus', { id: t.id })).toEqual({ hasPin: true, lockedUntil: null });
    const sql = sqlOf(ctx.db);
    const row = sql.prepare('SELECT hash, salt FROM reader_pin WHERE reader_id = ?').get(t.id) as { hash: string; salt: string };
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.salt).toMatch(/^[0-9a-f]{32}$/);
    const dump = JSON.stringify(sql.prepare('SELECT * FROM reader_pin').all()) + JSON.stringify(sql.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain('482913');
    expect(sql.prepare("SELECT action FROM audit_log WHERE action LIKE 'reader.pin%'").pluck().all()).toEqual(['reader.pin.set']);
    // Same PIN again: a new salt, so a new hash.
    await ctx.call('readers.setPin', { id: t.id, pin: '482913' });
    const again = sql.prepare('SELECT hash, salt FROM reader_pin WHERE reader_id = ?').get(t.id) as { hash: string; salt: string };
    expect(again.salt).not.toBe(row.salt);
    expect(again.hash).not.toBe(row.hash);
  });

  it('refuses a student, a short PIN and letters, with a Vietnamese message, storing nothing', async () => {
    const s = await ctx.call('readers.save', { kind: 'student', code: 'HS-01', fullName: 'Trần Văn Nam', className: '6A1' });
    await expect(ctx.call('readers.setPin', { id: s.id, pin: '1234' })).rejects.toThrow('Chỉ giáo viên và cán bộ');
    const t = await teacher();
    await expect(ctx.call('readers.setPin', { id: t.id, pin: '12' })).rejects.toThrow('Mã PIN gồm 4 đến 8 chữ số');
    await expect(ctx.call('readers.setPin', { id: t.id, pin: '12ab' })).rejects.toThrow('Mã PIN gồm 4 đến 8 chữ số');
    expect(sqlOf(ctx.db).prepare('SELECT COUNT(*) FROM reader_pin').pluck().get()).toBe(0);
  });

  it('locks the card for 15 minutes after 5 wrong PINs; the right PIN is refused meanwhile, accepted after', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '2468' });
    const sql = sqlOf(ctx.db);
    let now = new Date('2026-11-30T08:00:00Z');
    const clock = () => now;
    expect(await verifyPin(sql, t.cardNumber, '2468', clock)).toEqual({ ok: true, readerId: t.id });
    for (let i = 1; i <= 4; i++) {
      const r = await verifyPin(sql, t.cardNumber, '0000', clock);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain(`Còn ${5 - i} lần thử`);
    }
    const fifth = await verifyPin(sql, t.cardNumber, '0000', clock);
    expect(fifth.ok).toBe(false);
    if (!fifth.ok) expect(fifth.message).toContain('tạm khóa');
    expect((await ctx.call('readers.pinStatus', { id: t.id })).lockedUntil).toBe('2026-11-30T08:15:00.000Z');
    now = new Date('2026-11-30T08:14:00Z');
    const locked = await verifyPin(sql, t.cardNumber, '2468', clock);
    expect(locked.ok).toBe(false);
    if (!locked.ok) expect(locked.message).toContain('tạm khóa');
    now = new Date('2026-11-30T08:15:01Z');
    expect(await verifyPin(sql, t.cardNumber, '2468', clock)).toEqual({ ok: true, readerId: t.id });
    expect(sql.prepare('SELECT failed_tries, locked_until FROM reader_pin').get()).toEqual({ failed_tries: 0, locked_until: null });
  });

  it('five wrong PINs sent at once still lock the card (tries are checked one at a time)', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '2468' });
    const sql = sqlOf(ctx.db);
    const clock = () => new Date('2026-11-30T08:00:00Z');
    await Promise.all(Array.from({ length: 5 }, () => verifyPin(sql, t.cardNumber, '1111', clock)));
    expect((await verifyPin(sql, t.cardNumber, '2468', clock)).ok).toBe(false);
  });

  it('a reset by the librarian unlocks; clearing removes the PIN; unknown and student cards get the same answer as a wrong PIN', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '2468' });
    const sql = sqlOf(ctx.db);
    const clock = () => new Date('2026-11-30T08:00:00Z');
    for (let i = 0; i < 5; i++) await verifyPin(sql, t.cardNumber, '9999', clock);
    expect((await verifyPin(sql, t.cardNumber, '2468', clock)).ok).toBe(false);
    await ctx.call('readers.setPin', { id: t.id, pin: '1357' });
    expect((await verifyPin(sql, t.cardNumber, '1357', clock)).ok).toBe(true);
    expect(await ctx.call('readers.clearPin', { id: t.id })).toEqual({ removed: true });
    expect(await ctx.call('readers.clearPin', { id: t.id })).toEqual({ removed: false });
    const gone = await verifyPin(sql, t.cardNumber, '1357', clock);
    const unknown = await verifyPin(sql, 'GV999999', '1357', clock);
    expect(gone).toEqual({ ok: false, message: 'Số thẻ hoặc mã PIN không đúng.' });
    expect(unknown).toEqual(gone);
    expect(sql.prepare("SELECT action FROM audit_log WHERE action LIKE 'reader.pin%' ORDER BY id").pluck().all())
      .toEqual(['reader.pin.set', 'reader.pin.reset', 'reader.pin.clear']);
    expect(['reader.pin.set', 'reader.pin.reset', 'reader.pin.clear'].map((a) => describeAudit(a, 'reader', '{}')))
      .toEqual(['Đặt mã PIN tra cứu cho bạn đọc.', 'Đặt lại mã PIN tra cứu cho bạn đọc.', 'Xóa mã PIN tra cứu của bạn đọc.']); // no reader known
    expect(describeAudit('opac.settings', 'setting', JSON.stringify({ after: { enabled: true, host: '0.0.0.0', port: 8080 } })))
      .toBe('Bật tra cứu qua mạng nội bộ (giao diện mọi mạng, cổng 8080).');
  });
});
