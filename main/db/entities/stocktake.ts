import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Copy } from './copy';

/** Kiểm kê: one stocktake run. */
@Entity({ name: 'stocktake' })
export class Stocktake {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'school_year' })
  schoolYear: string;

  /** Series codes covered, comma separated; '' = all. */
  @Column({ type: 'text', default: '' })
  scope: string;

  /** open | closed */
  @Column({ type: 'text', default: 'open' })
  status: string;

  @Column({ type: 'datetime', name: 'started_at' })
  startedAt: string;

  @Column({ type: 'datetime', name: 'closed_at', nullable: true })
  closedAt: string | null;

  @Column({ type: 'text', default: '' })
  members: string;

  @Column({ type: 'text', default: '' })
  note: string;
}

/** One line of a danh sách kiểm kê: Còn / Mất / Thừa. */
@Entity({ name: 'stocktake_item' })
@Index('ix_stocktake_item', ['stocktakeId', 'copyId'])
export class StocktakeItem {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'stocktake_id' })
  stocktakeId: number;

  @ManyToOne(() => Stocktake, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'stocktake_id' })
  stocktake?: Stocktake;

  @Column({ type: 'integer', name: 'copy_id', nullable: true })
  copyId: number | null;

  @ManyToOne(() => Copy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id' })
  copy?: Copy;

  @Column({ type: 'text', name: 'scanned_code', default: '' })
  scannedCode: string;

  /** present (còn) | missing (mất) | extra (thừa) */
  @Column({ type: 'text' })
  result: string;

  @Column({ type: 'text', default: '' })
  condition: string;

  @Column({ type: 'datetime', name: 'scanned_at', nullable: true })
  scannedAt: string | null;
}
