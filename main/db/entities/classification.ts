import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A classification table entry (DDC main classes shipped; importable). */
@Entity({ name: 'classification' })
@Index('ux_classification_scheme_code', ['scheme', 'code'], { unique: true })
export class Classification {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', default: 'DDC' })
  scheme: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  label: string;
}
