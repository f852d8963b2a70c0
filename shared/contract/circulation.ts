import { z } from 'zod';
import { empty, fileResult, id, isoDate, method, requiredText, text } from './define';
import { catalogueCopyStatus } from './catalogue';
import { reader, readerKinds } from './readers';
import { holdNotice, reservation } from './reservations';

export const loanKinds = ['short', 'long', 'inLibrary'] as const;

export const loan = z.object({
  id,
  copyId: id,
  copyCode: z.string(),
  titleId: id,
  title: z.string(),
  seriesCode: z.string(),
  readerId: id,
  kind: z.enum(loanKinds),
  checkoutAt: z.string(),
  dueAt: z.string(),
  returnedAt: z.string().nullable(),
  renewals: z.number().int(),
  classSet: z.string().nullable(),
  lostAt: z.string().nullable(),
  /** Days past due: to today while open, to the return (or loss) date once closed; 0 for in-library loans. */
  overdueDays: z.number().int(),
});
export type LoanDto = z.infer<typeof loan>;

export const allowance = z.object({
  seriesCode: z.string(),
  label: z.string(),
  max: z.number().int(),
  used: z.number().int(),
  remaining: z.number().int(),
  inLibraryOnly: z.boolean(),
});

export const readerPanel = z.object({
  reader,
  loans: z.array(loan),
  overdue: z.number().int(),
  allowance: z.array(allowance),
  visitsToday: z.number().int(),
  /** Đặt trước: the reader's open reservations (waiting with positions, ready with the copy kept and its last day). */
  reservations: z.array(reservation),
});
export type ReaderPanel = z.infer<typeof readerPanel>;

export const block = z.object({ code: z.string(), message: z.string(), overridable: z.boolean() });
export type BlockDto = z.infer<typeof block>;

export const scanModes = ['lend', 'return', 'visit'] as const;
export type ScanMode = (typeof scanModes)[number];

export const scanResult = z.discriminatedUnion('action', [
  z.object({ action: z.literal('reader'), panel: readerPanel, visitRecorded: z.boolean(), message: z.string() }),
  /** `fulfilled`: the reader's reservation this loan fulfilled (the message then says "(sách đặt trước)"). */
  z.object({ action: z.literal('checkout'), loan, panel: readerPanel, fulfilled: id.nullable(), message: z.string() }),
  /** `hold`: the returned copy went to the hold shelf for the first reader waiting (the message says "Giữ cho …"). */
  z.object({ action: z.literal('return'), loan, panel: readerPanel, hold: holdNotice.nullable(), message: z.string() }),
  /** A copy scanned on the shelf (no reader open) whose title someone waits for: it goes to the hold shelf (or is already there). */
  z.object({ action: z.literal('hold'), hold: holdNotice, message: z.string() }),
  z.object({ action: z.literal('title'), titleId: id, title: z.string(), message: z.string() }),
  /** "Ghi lượt đọc" mode, a copy scanned: one lượt đọc tại chỗ recorded; never a loan or a return. */
  z.object({
    action: z.literal('inLibraryUse'), copyCode: z.string(), title: z.string(), readerId: id.nullable(),
    /** Who the copy is recorded as lent to, if anyone (the desk warns: it was not returned). */
    heldBy: z.string().nullable(),
    /** Lượt đọc tại chỗ recorded today, this one included. */
    today: z.number().int(), message: z.string(),
  }),
  z.object({
    action: z.literal('blocked'), blocks: z.array(block), copyCode: z.string(), title: z.string(), readerId: id, message: z.string(),
  }),
]);
export type ScanResult = z.infer<typeof scanResult>;

/** What a scanned code is, read without writing anything (a scan away from the desk). */
export const lookupResult = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('copy'),
    copy: z.object({ code: z.string(), title: z.string(), status: catalogueCopyStatus }),
    /** The open loan of this copy, if someone holds it (cardNumber: what the desk opens the reader by). */
    loan: z.object({
      readerId: id, readerName: z.string(), cardNumber: z.string(), className: z.string(), department: z.string(),
      dueAt: z.string(), overdueDays: z.number().int(),
    }).nullable(),
  }),
  z.object({ kind: z.literal('reader'), readerId: id, fullName: z.string(), cardNumber: z.string() }),
  z.object({ kind: z.literal('title'), titleId: id, title: z.string() }),
]);
export type LookupResult = z.infer<typeof lookupResult>;

export const overdueRow = z.object({
  loanId: id,
  readerId: id,
  readerName: z.string(),
  cardNumber: z.string(),
  readerKind: z.enum(readerKinds),
  className: z.string(),
  department: z.string(),
  copyCode: z.string(),
  title: z.string(),
  price: z.number().int(),
  dueAt: z.string(),
  overdueDays: z.number().int(),
});

export const classSetTitle = z.object({
  titleId: id, title: z.string(), volume: z.string(), subject: z.string(), available: z.number().int(), alreadyLent: z.number().int(),
});

export const classSetShortage = z.object({
  titleId: id, title: z.string(), missing: z.number().int(), readers: z.array(z.object({ id, fullName: z.string() })),
});

export const classSetSummary = z.object({
  classSet: z.string(), className: z.string(), students: z.number().int(), open: z.number().int(), returned: z.number().int(),
});

export const circulationContract = {
  /** A code from the scanner (or typed): card → reader, copy barcode → lend/return, ISBN → title. */
  'circulation.scan': method(z.object({
    code: requiredText('Mã trống.'),
    readerId: id.nullable().default(null),
    mode: z.enum(scanModes).default('lend'),
  }), scanResult),
  /** Read-only: what a code is (copy with its holder, reader, or title by ISBN). Writes nothing. */
  'circulation.lookup': method(z.object({ code: requiredText('Mã trống.') }), lookupResult),
  'circulation.panel': method(z.object({ readerId: id }), readerPanel),
  'circulation.checkout': method(z.object({
    readerId: id, code: requiredText('Hãy quét hoặc nhập mã bản sách.'), overrideReason: text().optional(),
  }), z.object({ loan, panel: readerPanel, fulfilled: id.nullable() })),
  /** `hold`: the copy went to the hold shelf for the first reader waiting for its title (Đặt trước). */
  'circulation.return': method(z.object({ code: requiredText('Hãy quét hoặc nhập mã bản sách.') }), z.object({ loan, panel: readerPanel, hold: holdNotice.nullable() })),
  'circulation.renew': method(z.object({ loanId: id, overrideReason: text().optional() }), z.object({ loan, previousDueAt: z.string(), panel: readerPanel })),
  'circulation.undo': method(z.object({
    action: z.enum(['checkout', 'return', 'renew']), loanId: id, previousDueAt: isoDate.optional(),
  }), z.object({ message: z.string(), panel: readerPanel })),
  'circulation.visit': method(z.object({ readerId: id.optional(), headcount: z.number().int().min(1).max(500).default(1), note: text().default('') }),
    z.object({
      visitId: id, today: z.number().int(),
      /** The reader's visit of a few minutes ago (shared/loan-rules VISIT_REPEAT_MINUTES): nothing new recorded, visitId is that visit. */
      repeated: z.boolean(),
    })),
  'circulation.markLost': method(z.object({
    loanId: id, compensation: z.enum(['book', 'money', 'none']), amount: z.number().int().min(0).optional(), note: text().default(''),
  }), z.object({ loan, panel: readerPanel })),
  'circulation.overdue': method(z.object({ className: text().default(''), kind: z.enum(['all', 'student', 'staff']).default('all') }),
    z.object({ rows: z.array(overdueRow), today: z.string() })),
  'circulation.remindersPdf': method(z.object({ className: text().default('') }), fileResult),
  'circulation.classSetTitles': method(z.object({ className: requiredText('Chọn lớp.') }), z.array(classSetTitle)),
  'circulation.lendClassSet': method(z.object({ className: requiredText('Chọn lớp.'), titleIds: z.array(id).min(1, 'Chọn ít nhất một đầu sách.') }),
    z.object({
      classSet: z.string(), loans: z.number().int(),
      /** Active students of the class, and how many of them received at least one book. */
      students: z.number().int(), received: z.number().int(),
      /** Who received nothing and why (already holding the books, none left on the shelf, card inactive). */
      notReceived: z.array(z.object({ id, fullName: z.string(), reason: z.string() })),
      /** The desk's sentence: books lent, students who received them, who got none and why. */
      message: z.string(),
      file: fileResult,
      /** Titles there were not enough copies of, with the students (class-list order) who got none. */
      shortages: z.array(classSetShortage).default([]),
    })),
  'circulation.returnClassSet': method(z.object({ classSet: requiredText('Chọn bộ sách.') }), z.object({
    returned: z.number().int(),
    /** Copies that went to the hold shelf for readers waiting (Đặt trước). */
    holds: z.array(holdNotice).default([]),
  })),
  'circulation.classSets': method(empty, z.array(classSetSummary)),
  'circulation.classSetPdf': method(z.object({ classSet: requiredText('Chọn bộ sách.') }), fileResult),
  /** "Trả và cho bạn này mượn": returns the copy from the reader who holds it and lends it to this one, in one transaction. */
  'circulation.transfer': method(z.object({
    readerId: id, code: requiredText('Hãy quét hoặc nhập mã bản sách.'), overrideReason: text().optional(),
  }), z.object({ returned: loan, loan, panel: readerPanel, fulfilled: id.nullable() })),
  /** "Tìm thấy": a copy recorded lost is back; audited, the copy is available and no longer counted lost. */
  'circulation.found': method(z.object({ code: requiredText('Hãy quét hoặc nhập mã bản sách.') }),
    z.object({ copyCode: z.string(), title: z.string(), message: z.string() })),
  /** Every loan of a reader, open and closed, newest first. */
  'circulation.history': method(z.object({ readerId: id }), z.object({ reader, loans: z.array(loan) })),
};
