import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Copy } from './copy';
import { Reader } from './reader';

/**
 * Lượt đọc tại chỗ: a copy read in the library without a loan, recorded by scanning it in the desk's
 * "Ghi lượt đọc" mode (Koha's "local use"). The reader is the one open at the desk, if any. A visit to the
 * library (lượt đến thư viện) is a `visit` row, a figure of its own.
 */
@Entity({ name: 'in_library_use' })
export class InLibraryUse {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_in_library_use_copy')
  @Column({ type: 'integer', name: 'copy_id' })
  copyId: number;

  @ManyToOne(() => Copy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id' })
  copy?: Copy;

  @Column({ type: 'integer', name: 'reader_id', nullable: true })
  readerId: number | null;

  @ManyToOne(() => Reader, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reader_id' })
  reader?: Reader;

  @Index('ix_in_library_use_at')
  @Column({ type: 'datetime', name: 'used_at' })
  usedAt: string;
}
