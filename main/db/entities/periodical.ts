import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** Báo, tạp chí: one page of Sổ đăng ký báo, tạp chí. */
@Entity({ name: 'periodical' })
export class Periodical {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  publisher: string;

  /** e.g. "hằng ngày", "tuần", "tháng". */
  @Column({ type: 'text', default: '' })
  frequency: string;

  @Column({ type: 'text', default: 'vi' })
  language: string;

  @Column({ type: 'integer', name: 'copies_ordered', default: 1 })
  copiesOrdered: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

/** An issue received on a day. */
@Entity({ name: 'periodical_issue' })
@Index('ix_periodical_issue', ['periodicalId', 'receivedOn'])
export class PeriodicalIssue {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'periodical_id' })
  periodicalId: number;

  @ManyToOne(() => Periodical, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'periodical_id' })
  periodical?: Periodical;

  @Column({ type: 'text', name: 'received_on' })
  receivedOn: string;

  @Column({ type: 'text', name: 'issue_number' })
  issueNumber: string;

  @Column({ type: 'integer', default: 1 })
  copies: number;
}
