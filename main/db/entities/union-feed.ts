import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Liên thông: a title whose union record may have changed, at its place in the change feed (filled by
 * triggers, see migration UnionFeed1764140013100; read by main/db/queries/union.ts). No foreign key: a
 * deleted title keeps its row, so the next push tells the union to drop it.
 */
@Entity({ name: 'union_feed' })
@Index('ux_union_feed_seq', ['seq'], { unique: true })
export class UnionFeed {
  @PrimaryColumn({ type: 'integer', name: 'title_id' })
  titleId: number;

  /** Grows with every change; the push sends the titles after the acknowledged cursor, in this order. */
  @Column({ type: 'integer' })
  seq: number;
}
