import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Biên bản xuất / thanh lý: one row of Sổ ĐKTQ phần II once confirmed. */
@Entity({ name: 'withdrawal' })
export class Withdrawal {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** draft | confirmed */
  @Column({ type: 'text', default: 'draft' })
  status: string;

  /** Số biên bản as written on the minute, e.g. "01/BB-TV". */
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'text' })
  date: string;

  @Column({ type: 'text', name: 'approval_date', nullable: true })
  approvalDate: string | null;

  /** Members of the committee, one per line. */
  @Column({ type: 'text', default: '' })
  members: string;

  /** Decision number (QĐ số) quoted in the individual register. */
  @Column({ type: 'text', name: 'decision_number', default: '' })
  decisionNumber: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  @Column({ type: 'datetime', name: 'confirmed_at', nullable: true })
  confirmedAt: string | null;
}
