import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Reader } from './reader';

/** Lượt đến thư viện: a reader's visit (a card scanned in "Ghi lượt đọc" mode). Anonymous group visits carry a head count. */
@Entity({ name: 'visit' })
export class Visit {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_visit_reader')
  @Column({ type: 'integer', name: 'reader_id', nullable: true })
  readerId: number | null;

  @ManyToOne(() => Reader, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reader_id' })
  reader?: Reader;

  @Index('ix_visit_at')
  @Column({ type: 'datetime', name: 'visited_at' })
  visitedAt: string;

  @Column({ type: 'integer', default: 1 })
  headcount: number;

  /** read (đọc tại chỗ) | borrow | activity | other */
  @Column({ type: 'text', default: 'read' })
  purpose: string;

  @Column({ type: 'text', default: '' })
  note: string;
}
