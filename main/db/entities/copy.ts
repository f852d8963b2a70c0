import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccessionBatch } from './accession-batch';
import { CollectionSeries } from './series';
import { Title } from './title';
import { Withdrawal } from './withdrawal';

/** Bản sách: one physical item with its số ĐKCB. */
@Entity({ name: 'copy' })
@Index('ux_copy_series_number', ['seriesId', 'accessionNumber'], { unique: true })
export class Copy {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_copy_title')
  @Column({ type: 'integer', name: 'title_id' })
  titleId: number;

  @ManyToOne(() => Title, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'title_id' })
  title?: Title;

  @Column({ type: 'integer', name: 'series_id' })
  seriesId: number;

  @ManyToOne(() => CollectionSeries, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id' })
  series?: CollectionSeries;

  /** Number within the series (the 123 of STK000123). */
  @Column({ type: 'integer', name: 'accession_number' })
  accessionNumber: number;

  /** Số ĐKCB as printed, e.g. "STK000123". */
  @Index('ux_copy_accession_code', { unique: true })
  @Column({ type: 'text', name: 'accession_code' })
  accessionCode: string;

  /** Barcode payload; equals the ĐKCB unless a school's old labels differ. */
  @Index('ux_copy_barcode', { unique: true })
  @Column({ type: 'text' })
  barcode: string;

  /** available | onLoan | withdrawn | lost */
  @Index('ix_copy_status')
  @Column({ type: 'text', default: 'available' })
  status: string;

  /** Kho / kệ. */
  @Column({ type: 'text', default: '' })
  location: string;

  /** Price in đồng. */
  @Column({ type: 'integer', default: 0 })
  price: number;

  /** free (phát không) | purchase (mua) */
  @Column({ type: 'text', name: 'acquisition_mode', default: 'purchase' })
  acquisitionMode: string;

  @Index('ix_copy_batch')
  @Column({ type: 'integer', name: 'batch_id' })
  batchId: number;

  @ManyToOne(() => AccessionBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id' })
  batch?: AccessionBatch;

  @Column({ type: 'integer', name: 'withdrawal_id', nullable: true })
  withdrawalId: number | null;

  @ManyToOne(() => Withdrawal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'withdrawal_id' })
  withdrawal?: Withdrawal;

  /** Ghi chú, e.g. "đã thanh lọc, BB số 01/BB-TV ngày 26/11/2026". */
  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'datetime', name: 'label_printed_at', nullable: true })
  labelPrintedAt: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;
}
