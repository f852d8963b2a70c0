import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Hoạt động thư viện: reading-culture activities that feed the self-assessment. */
@Entity({ name: 'reading_activity' })
export class ReadingActivity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_activity_date')
  @Column({ type: 'text' })
  date: string;

  @Column({ type: 'text' })
  name: string;

  /** ngay_sach | gioi_thieu_sach | tiet_doc | cuoc_thi | trung_bay | quyen_gop | khac */
  @Column({ type: 'text' })
  form: string;

  /** Classes or audience, free text. */
  @Column({ type: 'text', default: '' })
  audience: string;

  @Column({ type: 'integer', default: 0 })
  participants: number;

  @Column({ type: 'text', name: 'person_in_charge', default: '' })
  personInCharge: string;

  @Column({ type: 'text', default: '' })
  notes: string;

  /** JSON array of evidence file names inside the data folder's evidence/. */
  @Column({ type: 'text', default: '[]' })
  evidence: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;
}
