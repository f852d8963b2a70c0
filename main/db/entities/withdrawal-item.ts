import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Copy } from './copy';
import { Withdrawal } from './withdrawal';

/** One copy on a biên bản xuất, with its reason. */
@Entity({ name: 'withdrawal_item' })
@Index('ux_withdrawal_item', ['withdrawalId', 'copyId'], { unique: true })
export class WithdrawalItem {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'withdrawal_id' })
  withdrawalId: number;

  @ManyToOne(() => Withdrawal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'withdrawal_id' })
  withdrawal?: Withdrawal;

  @Index('ix_withdrawal_item_copy')
  @Column({ type: 'integer', name: 'copy_id' })
  copyId: number;

  @ManyToOne(() => Copy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id' })
  copy?: Copy;

  /** damaged (hư nát) | lost (mất) | lostPaid (mất — độc giả đền) | outdated (lạc hậu) | other */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', name: 'reason_note', default: '' })
  reasonNote: string;

  /** Value written off, in đồng. */
  @Column({ type: 'integer', default: 0 })
  price: number;
}
