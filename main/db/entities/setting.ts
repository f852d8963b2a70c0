import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Key/value settings; each value is JSON validated by its zod schema in shared/contract/settings. */
@Entity({ name: 'setting' })
export class Setting {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt: string;
}
