import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Đề xuất mua sách: a title a teacher or student asks the library to buy (OPAC or typed). */
@Entity({ name: 'suggestion' })
@Index('ix_suggestion_status', ['status', 'createdAt'])
@Index('ix_suggestion_match', ['matchKey'])
export class Suggestion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  author: string;

  /** Who asked, free text as typed (name and/or role); not a link to a reader. */
  @Column({ type: 'text', default: '' })
  who: string;

  @Column({ type: 'text', default: '' })
  why: string;

  /** opac | typed */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  /** How many times the same suggestion was sent (identical ones are merged into one row). */
  @Column({ type: 'integer', default: 1 })
  count: number;

  /** When it was last sent (null: only once, at created_at). */
  @Column({ type: 'datetime', name: 'last_at', nullable: true })
  lastAt: string | null;

  /** Folded title and author the merge compares ('' for rows from before merging). */
  @Column({ type: 'text', name: 'match_key', default: '' })
  matchKey: string;

  /** new | planned | rejected | spam */
  @Column({ type: 'text', default: 'new' })
  status: string;

  /** The plan line it became (plan_line.id), once planned. */
  @Column({ type: 'integer', name: 'plan_line_id', nullable: true })
  planLineId: number | null;
}
