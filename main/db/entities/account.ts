import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A staff account (issue 20): who signs in at the desk, and who each audit row, loan and approval names.
 * Never deleted (the log refers to it): disabled instead. Secrets are kept only as
 * `scrypt$N$r$p$<salt hex>$<hash hex>` (main/services/accounts/secrets.ts); never logged or audited.
 */
@Entity({ name: 'account' })
@Index('ux_account_card', ['card'], { unique: true })
export class Account {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** NFC. */
  @Column({ type: 'text' })
  name: string;

  /** shared/accounts.ts `roles`. */
  @Column({ type: 'text' })
  role: string;

  /** The staff or pupil card scanned to sign in (upper case); null: password only. */
  @Column({ type: 'text', nullable: true })
  card: string | null;

  @Column({ type: 'text', name: 'pin_hash', nullable: true })
  pinHash: string | null;

  @Column({ type: 'text', name: 'password_hash', nullable: true })
  passwordHash: string | null;

  /** The printed recovery code's hash (the Thủ thư's, since a school has no e-mail reset). */
  @Column({ type: 'text', name: 'recovery_hash', nullable: true })
  recoveryHash: string | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  @Column({ type: 'datetime', name: 'last_sign_in_at', nullable: true })
  lastSignInAt: string | null;

  /** A pupil helper's last day (ISO date): the year-end rollover disables the account after it. */
  @Column({ type: 'text', name: 'school_year_end', nullable: true })
  schoolYearEnd: string | null;

  /** Wrong PINs or passwords over every device (decaying, as the OPAC's per-card ceiling). */
  @Column({ type: 'integer', name: 'failed_tries', default: 0 })
  failedTries: number;

  @Column({ type: 'datetime', name: 'failures_at', nullable: true })
  failuresAt: string | null;

  @Column({ type: 'datetime', name: 'locked_until', nullable: true })
  lockedUntil: string | null;
}

/** The Ban giám hiệu's decision on a year's self-assessment (append-only: the latest row of a year counts). */
@Entity({ name: 'selfcheck_approval' })
@Index('ix_selfcheck_approval_year', ['schoolYear'])
export class SelfcheckApproval {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', name: 'school_year' })
  schoolYear: string;

  /** 'approved' | 'returned'. */
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'integer', name: 'account_id', nullable: true })
  accountId: number | null;

  /** The name and role label as they were at the time (what the PDF prints). */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'role_label', default: '' })
  roleLabel: string;

  @Column({ type: 'datetime' })
  at: string;

  @Column({ type: 'text', default: '' })
  note: string;
}
