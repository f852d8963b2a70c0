import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccessionBatch } from './accession-batch';
import { Title } from './title';

/** A line of a phiếu nhập: so many copies of one title at one price. */
@Entity({ name: 'accession_batch_line' })
export class AccessionBatchLine {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_batch_line_batch')
  @Column({ type: 'integer', name: 'batch_id' })
  batchId: number;

  @ManyToOne(() => AccessionBatch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id' })
  batch?: AccessionBatch;

  @Index('ix_batch_line_title')
  @Column({ type: 'integer', name: 'title_id' })
  titleId: number;

  @ManyToOne(() => Title, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'title_id' })
  title?: Title;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'integer', name: 'unit_price', default: 0 })
  unitPrice: number;

  /** free (phát không) | purchase (mua) */
  @Column({ type: 'text', name: 'acquisition_mode', default: 'purchase' })
  acquisitionMode: string;

  /** Existing ĐKCB codes kept from a handwritten register (JSON array), or null to allocate. */
  @Column({ type: 'text', name: 'existing_codes', nullable: true })
  existingCodes: string | null;
}
