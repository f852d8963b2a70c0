import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Title } from './title';

/**
 * Tài liệu số: a file (stored once under the data folder by its sha256) or an external link, carried
 * by a đầu sách. The file's type is the one detected from its content (shared/file-type.ts).
 */
@Entity({ name: 'digital_resource' })
export class DigitalResource {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_digital_title')
  @Column({ type: 'integer', name: 'title_id' })
  titleId: number;

  @ManyToOne(() => Title, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'title_id' })
  title?: Title;

  /** Shown name, e.g. "Sách nói – chương 1"; defaults to the file name. */
  @Column({ type: 'text', default: '' })
  name: string;

  /** file | link */
  @Column({ type: 'text' })
  kind: string;

  /** Content hash (hex) of a file; its blob is <dataDir>/digital/<first two>/<sha256>.bin. Null for a link. */
  @Index('ix_digital_sha256')
  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  /** http(s) address of a link; null for a file. */
  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** Detected Content-Type of a file ('' for a link). */
  @Column({ type: 'text', default: '' })
  mime: string;

  @Column({ type: 'integer', default: 0 })
  size: number;

  /** The name the file had when added (for a download's name only; never used to find it). */
  @Column({ type: 'text', name: 'file_name', default: '' })
  fileName: string;

  /** ebook | audiobook | video | image | link */
  @Column({ type: 'text' })
  form: string;

  @Column({ type: 'text', default: '' })
  subject: string;

  @Column({ type: 'integer', nullable: true })
  grade: number | null;

  /** public (Mọi người) | staff (Giáo viên) | library (Tại thư viện) */
  @Column({ type: 'text', default: 'library' })
  access: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt: string;
}

/**
 * Views of a resource per month ("2026-11"). No foreign key on purpose: a removed resource's views stay
 * counted in the months they happened (ids are never reused: AUTOINCREMENT).
 */
@Entity({ name: 'digital_view' })
export class DigitalView {
  @PrimaryColumn({ type: 'integer', name: 'resource_id' })
  resourceId: number;

  @PrimaryColumn({ type: 'text' })
  month: string;

  @Column({ type: 'integer', default: 0 })
  views: number;
}
