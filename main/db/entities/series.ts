import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Loại tài liệu: each series has its own consecutive ĐKCB numbering. */
@Entity({ name: 'collection_series' })
export class CollectionSeries {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ux_series_code', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** ĐKCB prefix, e.g. "STK" → STK000123. Consonants only keeps barcodes IME-safe. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text', default: '' })
  separator: string;

  @Column({ type: 'integer', default: 6 })
  padding: number;

  /** The next accession number to hand out. Only ever grows. */
  @Column({ type: 'integer', name: 'next_number', default: 1 })
  nextNumber: number;

  /** Content group for Sổ ĐKTQ columns: SGK, SNV, STK, STN or KHAC. */
  @Column({ type: 'text', name: 'register_group', default: 'KHAC' })
  registerGroup: string;

  /** Physical form for Sổ ĐKTQ totals: sach, bao, tranh, bangdia. */
  @Column({ type: 'text', name: 'material', default: 'sach' })
  material: string;

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
