import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One school-year rollover, with what it changed, so the last one can be undone exactly:
 * the prior class/grade/active/school year/card date of every reader it touched and the prior
 * "school" setting (null when the defaults were in use).
 */
@Entity({ name: 'rollover' })
export class Rollover {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', name: 'from_year' })
  fromYear: string;

  @Column({ type: 'text', name: 'to_year' })
  toYear: string;

  @Column({ type: 'datetime' })
  at: string;

  /** JSON of the "school" setting before the rollover; null when it was not stored (defaults). */
  @Column({ type: 'text', name: 'settings_before', nullable: true })
  settingsBefore: string | null;

  /** JSON array of RolloverReaderBefore. */
  @Column({ type: 'text', name: 'readers_before' })
  readersBefore: string;

  @Column({ type: 'datetime', name: 'undone_at', nullable: true })
  undoneAt: string | null;

  /** JSON array of the pupil helpers' account ids the rollover disabled (enabled again by the undo). */
  @Column({ type: 'text', name: 'accounts_disabled', default: '[]' })
  accountsDisabled: string;
}
