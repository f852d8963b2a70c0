import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Đề xuất mua sách: a title a teacher or student asks the library to buy (OPAC or typed). */
@Entity({ name: 'suggestion' })
@Index('ix_suggestion_status', ['status', 'createdAt'])
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

  /** new | planned | rejected */
  @Column({ type: 'text', default: 'new' })
  status: string;

  /** The plan line it became (plan_line.id), once planned. */
  @Column({ type: 'integer', name: 'plan_line_id', nullable: true })
  planLineId: number | null;
}
