import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Copy } from './copy';
import { Reader } from './reader';

/** A loan. The partial unique index means a copy can never be on two open loans. */
@Entity({ name: 'loan' })
@Index('ux_loan_open_copy', ['copyId'], { unique: true, where: 'returned_at IS NULL AND lost_at IS NULL' })
@Index('ix_loan_reader_open', ['readerId', 'returnedAt'])
@Index('ix_loan_due', ['returnedAt', 'dueAt'])
@Index('ix_loan_checkout', ['checkoutAt'])
export class Loan {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_loan_copy')
  @Column({ type: 'integer', name: 'copy_id' })
  copyId: number;

  @ManyToOne(() => Copy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id' })
  copy?: Copy;

  @Column({ type: 'integer', name: 'reader_id' })
  readerId: number;

  @ManyToOne(() => Reader, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reader_id' })
  reader?: Reader;

  /** short | long (whole term/year) | inLibrary (đọc tại chỗ) */
  @Column({ type: 'text', default: 'short' })
  kind: string;

  @Column({ type: 'datetime', name: 'checkout_at' })
  checkoutAt: string;

  /** Due date, ISO date (YYYY-MM-DD). */
  @Column({ type: 'text', name: 'due_at' })
  dueAt: string;

  @Column({ type: 'datetime', name: 'returned_at', nullable: true })
  returnedAt: string | null;

  @Column({ type: 'integer', default: 0 })
  renewals: number;

  /** Class-set loan this belongs to (e.g. "SGK 6A1 2026-2027"), or null. */
  @Column({ type: 'text', name: 'class_set', nullable: true })
  classSet: string | null;

  /** Reason given when the librarian overrode a block. */
  @Column({ type: 'text', name: 'override_reason', nullable: true })
  overrideReason: string | null;

  @Column({ type: 'datetime', name: 'lost_at', nullable: true })
  lostAt: string | null;

  /** book (đền sách) | money (đền tiền) | null */
  @Column({ type: 'text', nullable: true })
  compensation: string | null;

  @Column({ type: 'integer', name: 'compensation_amount', nullable: true })
  compensationAmount: number | null;

  @Column({ type: 'text', default: '' })
  note: string;

  /** The account that lent it and the one that took it back (issue 20: statistics per person); null before accounts. */
  @Column({ type: 'integer', name: 'lent_by', nullable: true })
  lentBy: number | null;

  @Column({ type: 'integer', name: 'returned_by', nullable: true })
  returnedBy: number | null;
}
