import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what: overrides, edits of confirmed records, withdrawals. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_entity', ['entity', 'entityId'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_audit_at')
  @Column({ type: 'datetime' })
  at: string;

  @Column({ type: 'text', default: '' })
  actor: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entity: string;

  @Column({ type: 'integer', name: 'entity_id', nullable: true })
  entityId: number | null;

  /** The account that made the change (issue 20); null for rows from before accounts, the CLI and the OPAC. */
  @Column({ type: 'integer', name: 'account_id', nullable: true })
  accountId: number | null;

  /** JSON: before/after values or the reason. */
  @Column({ type: 'text', default: '{}' })
  details: string;
}
