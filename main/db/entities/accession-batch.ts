import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Phiếu nhập: one row of Sổ ĐKTQ phần I once confirmed. */
@Entity({ name: 'accession_batch' })
export class AccessionBatch {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** draft | confirmed */
  @Column({ type: 'text', default: 'draft' })
  status: string;

  /** Số thứ tự in Sổ ĐKTQ (số vào sổ tổng quát); given at confirmation, never reused. */
  @Index('ux_batch_register_number', { unique: true })
  @Column({ type: 'integer', name: 'register_number', nullable: true })
  registerNumber: number | null;

  /** Ngày vào sổ, ISO date (YYYY-MM-DD). */
  @Column({ type: 'text' })
  date: string;

  /** mua | bieu_tang | cap_phat | khac */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', name: 'voucher_number', default: '' })
  voucherNumber: string;

  @Column({ type: 'text', default: '' })
  supplier: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'integer', name: 'total_copies', default: 0 })
  totalCopies: number;

  /** Total value in đồng. */
  @Column({ type: 'integer', name: 'total_value', default: 0 })
  totalValue: number;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  @Column({ type: 'datetime', name: 'confirmed_at', nullable: true })
  confirmedAt: string | null;
}
