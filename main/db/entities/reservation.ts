import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Copy } from './copy';
import { Reader } from './reader';
import { Title } from './title';

/**
 * Đặt trước (issue 22): a reader waiting for a title. One queue per title, in the order reservations were placed
 * (the id: ids are handed out by the one writer, in commit order). A ready reservation has a copy on the hold shelf
 * (copy status `held`) until `hold_until`; then it is fulfilled by a loan, cancelled, or expires and the copy passes on.
 * Never deleted: closed rows keep their status, when and why.
 */
@Entity({ name: 'reservation' })
@Index('ix_reservation_title_status', ['titleId', 'status'])
@Index('ix_reservation_reader_status', ['readerId', 'status'])
@Index('ux_reservation_open', ['titleId', 'readerId'], { unique: true, where: "status IN ('waiting', 'ready')" })
export class Reservation {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'title_id' })
  titleId: number;

  @ManyToOne(() => Title, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'title_id' })
  title?: Title;

  @Column({ type: 'integer', name: 'reader_id' })
  readerId: number;

  @ManyToOne(() => Reader, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reader_id' })
  reader?: Reader;

  /** waiting | ready | fulfilled | cancelled | expired (shared/contract/enums.ts). */
  @Column({ type: 'text', default: 'waiting' })
  status: string;

  @Column({ type: 'datetime', name: 'placed_at' })
  placedAt: string;

  /** The account's name at the desk, or 'Tra cứu trực tuyến'. */
  @Column({ type: 'text', name: 'placed_by', default: '' })
  placedBy: string;

  /** The account that placed it (null: the OPAC, the CLI, before accounts). */
  @Column({ type: 'integer', name: 'account_id', nullable: true })
  accountId: number | null;

  /** The copy on the hold shelf while ready; the copy lent once fulfilled. */
  @Index('ix_reservation_copy')
  @Column({ type: 'integer', name: 'copy_id', nullable: true })
  copyId: number | null;

  @ManyToOne(() => Copy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id' })
  copy?: Copy;

  @Column({ type: 'datetime', name: 'ready_at', nullable: true })
  readyAt: string | null;

  /** ISO date: the last open day the ready copy waits. */
  @Column({ type: 'text', name: 'hold_until', nullable: true })
  holdUntil: string | null;

  @Column({ type: 'datetime', name: 'closed_at', nullable: true })
  closedAt: string | null;

  @Column({ type: 'text', name: 'closed_reason', nullable: true })
  closedReason: string | null;
}
