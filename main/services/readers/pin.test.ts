// vitest: isolate — the OPAC's wrong PIN tries per address live in main/services/readers/pin.ts for the process's life.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { describeAudit } from '../audit/describe';
import { hashPin, verifyPin } from './pin';

let ctx: TestContext;
beforeEach(async () => { ctx = await tempContext(); });
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve)); // a wrong try still to be written
  await ctx.cleanup();
});

/** Lets the wrong try that verifyPin writes just after its answer reach the database. */
const written = () => new Promise((resolve) => setImmediate(resolve));

async function teacher(): Promise<{ id: number; cardNumber: string }> {
  return ctx.call('readers.save', { kind: 'teacher', code: 'GV-TOAN-01', fullName: 'Lê Thị Hoa', department: 'Tổ Toán' });
}

describe('Mã PIN tra cứu', () => {
  it('is stored only as a salted scrypt hash, never in plain text nor in the audit log', async () => {
    const t = await teacher();
    expect(await ctx.call('readers.pinStatus', { id: t.id })).toEqual({ hasPin: false, lockedUntil: null });
    await ctx.call('readers.setPin', { id: t.id, pin: '482913' });
    expect(await ctx.call('readers.pinStatus', { id: t.id })).toEqual({ hasPin: true, lockedUntil: null });
    const sql = ctx.sql;
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

  it('refuses a student, a PIN shorter than 6 digits and letters, with a Vietnamese message, storing nothing', async () => {
    const s = await ctx.call('readers.save', { kind: 'student', code: 'HS-01', fullName: 'Trần Văn Nam', className: '6A1' });
    await expect(ctx.call('readers.setPin', { id: s.id, pin: '123456' })).rejects.toThrow('Chỉ giáo viên và cán bộ');
    const t = await teacher();
    for (const pin of ['12', '2468', '24680', '12ab56', '123456789']) {
      await expect(ctx.call('readers.setPin', { id: t.id, pin })).rejects.toThrow(/^Mã PIN gồm 6 đến 8 chữ số\.$/);
    }
    // An empty PIN says only the rule, not "Dữ liệu không hợp lệ: …" (issue 18).
    await expect(ctx.call('readers.setPin', { id: t.id, pin: '' })).rejects.toThrow(/^Mã PIN gồm 6 đến 8 chữ số\.$/);
    expect(ctx.sql.prepare('SELECT COUNT(*) FROM reader_pin').pluck().get()).toBe(0);
  });

  it('answers an unknown card, a card without PIN, a student card and a wrong PIN alike, never counting tries down', async () => {
    const t = await teacher();
    const other = await ctx.call('readers.save', { kind: 'teacher', code: 'GV-VAN-02', fullName: 'Phạm Văn Đức', department: 'Tổ Văn' });
    const s = await ctx.call('readers.save', { kind: 'student', code: 'HS-02', fullName: 'Trần Thị Mai', className: '6A1' });
    await ctx.call('readers.setPin', { id: t.id, pin: '246813' });
    const sql = ctx.sql;
    const clock = () => new Date('2026-11-30T08:00:00Z');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await verifyPin(sql, t.cardNumber, '999999', clock, '10.0.0.1'));
    answers.push(await verifyPin(sql, other.cardNumber, '999999', clock, '10.0.0.1'));
    answers.push(await verifyPin(sql, s.cardNumber, '999999', clock, '10.0.0.1'));
    answers.push(await verifyPin(sql, 'GV999999', '999999', clock, '10.0.0.1'));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ ok: false, message: 'Số thẻ hoặc mã PIN không đúng.' })]));
  });

  it('a guessing phone slows down and waits, per card and address: the teacher signs in from another device meanwhile', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '246813' });
    const sql = ctx.sql;
    let now = new Date('2026-11-30T08:00:00Z');
    const clock = () => now;
    for (let i = 0; i < 5; i++) expect((await verifyPin(sql, t.cardNumber, '000000', clock, '10.0.0.66')).ok).toBe(false);
    const waiting = await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.0.66');
    expect(waiting.ok).toBe(false);
    if (!waiting.ok) expect(waiting.message).toMatch(/^Máy này đã nhập sai nhiều lần với số thẻ này; hãy thử lại sau \d\d:\d\d/);
    // An unknown card gets the very same waiting from that phone: the wait tells nothing about the card.
    for (let i = 0; i < 5; i++) await verifyPin(sql, 'GV999999', '000000', clock, '10.0.0.66');
    const unknown = await verifyPin(sql, 'GV999999', '000000', clock, '10.0.0.66');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toMatch(/^Máy này đã nhập sai nhiều lần/);
    // The teacher, on the library's computer: not locked out.
    expect(await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.0.5')).toEqual({ ok: true, readerId: t.id });
    expect((await ctx.call('readers.pinStatus', { id: t.id })).lockedUntil).toBeNull();
    // Six hours later the phone has one more try.
    now = new Date('2026-11-30T14:00:01Z');
    expect(await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.0.66')).toEqual({ ok: true, readerId: t.id });
  });

  it('a ceiling per card over all addresses, decaying one try every 3 hours, bounds guessing from many phones', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '246813' });
    const sql = ctx.sql;
    let now = new Date('2026-11-30T08:00:00Z');
    const clock = () => now;
    // Ten phones, one wrong try each: the card reaches its ceiling.
    for (let i = 0; i < 10; i++) await verifyPin(sql, t.cardNumber, '000000', clock, `10.0.1.${i}`);
    const refused = await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.0.5');
    expect(refused).toEqual({ ok: false, message: 'Số thẻ hoặc mã PIN không đúng.' });
    await written();
    expect((await ctx.call('readers.pinStatus', { id: t.id })).lockedUntil).toBe('2026-11-30T11:00:00.000Z');
    // Further wrong tries do not push the ceiling further away.
    await verifyPin(sql, t.cardNumber, '000000', clock, '10.0.1.20');
    now = new Date('2026-11-30T10:59:00Z');
    expect((await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.0.6')).ok).toBe(false);
    now = new Date('2026-11-30T11:00:01Z');
    expect(await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.0.7')).toEqual({ ok: true, readerId: t.id });
  });

  it('parallel wrong tries are counted one at a time', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '246813' });
    const sql = ctx.sql;
    const clock = () => new Date('2026-11-30T08:00:00Z');
    await Promise.all(Array.from({ length: 10 }, (_, i) => verifyPin(sql, t.cardNumber, '111111', clock, `10.0.2.${i}`)));
    await written();
    expect(sql.prepare('SELECT failed_tries FROM reader_pin').pluck().get()).toBe(10);
    expect((await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.2.99')).ok).toBe(false);
  });

  it('answers a wrong PIN of a card that has one before writing the try, so it is no slower than an unknown card', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '246813' });
    const sql = ctx.sql;
    const tries = () => sql.prepare('SELECT failed_tries FROM reader_pin WHERE reader_id = ?').pluck().get(t.id);
    const clock = () => new Date('2026-11-30T08:00:00Z');
    expect(await verifyPin(sql, t.cardNumber, '000000', clock, '10.0.5.1')).toEqual({ ok: false, message: 'Số thẻ hoặc mã PIN không đúng.' });
    expect(tries()).toBe(0); // the answer is out, the commit (and its fsync) comes after
    await written();
    expect(tries()).toBe(1);
    // The next try of that card waits for the write: the count is never lost.
    await Promise.all([verifyPin(sql, t.cardNumber, '000001', clock, '10.0.5.2'), verifyPin(sql, t.cardNumber, '000002', clock, '10.0.5.3')]);
    await written();
    expect(tries()).toBe(3);
  });

  it('a PIN of fewer than 6 digits set before the rule never signs in', async () => {
    const t = await teacher();
    const { hash, salt } = await hashPin('2468');
    ctx.sql.prepare('INSERT INTO reader_pin (reader_id, hash, salt, updated_at) VALUES (?, ?, ?, ?)').run(t.id, hash, salt, '2026-01-01T00:00:00Z');
    expect(await verifyPin(ctx.sql, t.cardNumber, '2468', () => new Date('2026-11-30T08:00:00Z'), '10.0.3.1'))
      .toEqual({ ok: false, message: 'Số thẻ hoặc mã PIN không đúng.' });
  });

  it('a reset by the librarian unlocks; clearing removes the PIN; unknown and student cards get the same answer as a wrong PIN', async () => {
    const t = await teacher();
    await ctx.call('readers.setPin', { id: t.id, pin: '246813' });
    const sql = ctx.sql;
    const clock = () => new Date('2026-11-30T08:00:00Z');
    for (let i = 0; i < 10; i++) await verifyPin(sql, t.cardNumber, '999999', clock, i < 5 ? '10.0.4.1' : `10.0.4.${i}`);
    expect((await verifyPin(sql, t.cardNumber, '246813', clock, '10.0.4.1')).ok).toBe(false);
    await ctx.call('readers.setPin', { id: t.id, pin: '135790' });
    // A new PIN clears the card's count and gives the waiting phone its tries back.
    expect((await verifyPin(sql, t.cardNumber, '135790', clock, '10.0.4.1')).ok).toBe(true);
    expect(await ctx.call('readers.clearPin', { id: t.id })).toEqual({ removed: true });
    expect(await ctx.call('readers.clearPin', { id: t.id })).toEqual({ removed: false });
    const gone = await verifyPin(sql, t.cardNumber, '135790', clock, '10.0.4.2');
    const unknown = await verifyPin(sql, 'GV999999', '135790', clock, '10.0.4.2');
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
