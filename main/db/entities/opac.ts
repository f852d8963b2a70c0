import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Reader } from './reader';

/** Mã PIN tra cứu of a staff reader: only the scrypt hash and its random salt, never the PIN. */
@Entity({ name: 'reader_pin' })
export class ReaderPin {
  @PrimaryColumn({ type: 'integer', name: 'reader_id' })
  readerId: number;

  @OneToOne(() => Reader, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reader_id', foreignKeyConstraintName: 'FK_reader_pin_reader' })
  reader?: Reader;

  /** scrypt(PIN, salt), hex. */
  @Column({ type: 'text' })
  hash: string;

  /** Random salt, hex. */
  @Column({ type: 'text' })
  salt: string;

  /** Wrong PINs from any address, one forgiven every few hours (services/readers/pin.ts); the ceiling locks the card. */
  @Column({ type: 'integer', name: 'failed_tries', default: 0 })
  failedTries: number;

  @Column({ type: 'datetime', name: 'locked_until', nullable: true })
  lockedUntil: string | null;

  /** Since when failed_tries has been decaying. */
  @Column({ type: 'datetime', name: 'failures_at', nullable: true })
  failuresAt: string | null;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt: string;
}

/** Lượt tra cứu trực tuyến: OPAC searches counted per day (no query text, no address). */
@Entity({ name: 'opac_search_day' })
export class OpacSearchDay {
  /** YYYY-MM-DD, local date. */
  @PrimaryColumn({ type: 'text' })
  day: string;

  @Column({ type: 'integer', default: 0 })
  searches: number;
}
