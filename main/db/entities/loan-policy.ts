import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One rule of the nội quy: reader kind × series (null series = any). */
@Entity({ name: 'loan_policy' })
@Index('ux_loan_policy', ['readerKind', 'seriesCode'], { unique: true })
export class LoanPolicy {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** student | teacher | staff */
  @Column({ type: 'text', name: 'reader_kind' })
  readerKind: string;

  /** Series code, or '*' for the default rule of this reader kind. */
  @Column({ type: 'text', name: 'series_code' })
  seriesCode: string;

  @Column({ type: 'integer', name: 'max_items' })
  maxItems: number;

  @Column({ type: 'integer', name: 'loan_days' })
  loanDays: number;

  @Column({ type: 'integer', name: 'max_renewals', default: 1 })
  maxRenewals: number;

  /** Đọc tại chỗ only. */
  @Column({ type: 'boolean', name: 'in_library_only', default: false })
  inLibraryOnly: boolean;

  /** Long-term loan due at the school year's end date (SGK, SNV). */
  @Column({ type: 'boolean', name: 'until_year_end', default: false })
  untilYearEnd: boolean;

  /** Đặt trước: how many titles a reader of this kind may have reserved at once (0: may not reserve). */
  @Column({ type: 'integer', name: 'max_reservations', default: 2 })
  maxReservations: number;

  /** Đặt trước: how many open days a ready hold waits on the hold shelf. */
  @Column({ type: 'integer', name: 'hold_days', default: 3 })
  holdDays: number;
}
