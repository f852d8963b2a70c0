import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CollectionSeries } from './series';

/** Đầu sách: one bibliographic record. */
@Entity({ name: 'title' })
@Index('ix_title_dedupe', ['dedupeKey'])
@Index('ix_title_sort', ['sortKey'])
export class Title {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  subtitle: string;

  @Column({ type: 'text', default: '' })
  volume: string;

  /** Authors joined with "; " in the order given. */
  @Column({ type: 'text', default: '' })
  authors: string;

  @Column({ type: 'text', default: '' })
  publisher: string;

  @Column({ type: 'text', name: 'place_of_publication', default: '' })
  placeOfPublication: string;

  @Column({ type: 'integer', name: 'publication_year', nullable: true })
  publicationYear: number | null;

  @Column({ type: 'text', default: '' })
  edition: string;

  @Column({ type: 'integer', nullable: true })
  pages: number | null;

  @Column({ type: 'real', name: 'size_cm', nullable: true })
  sizeCm: number | null;

  /** Cover price in đồng. */
  @Column({ type: 'integer', name: 'cover_price', nullable: true })
  coverPrice: number | null;

  /** ISBN-13 without hyphens, or null. */
  @Index('ix_title_isbn')
  @Column({ type: 'text', nullable: true })
  isbn: string | null;

  @Column({ type: 'text', default: 'vi' })
  language: string;

  @Index('ix_title_series')
  @Column({ type: 'integer', name: 'series_id' })
  seriesId: number;

  @ManyToOne(() => CollectionSeries, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id' })
  series?: CollectionSeries;

  /** Môn loại / ký hiệu phân loại, e.g. "895.922". */
  @Column({ type: 'text', default: '' })
  classification: string;

  /** Ký hiệu tác giả / tên sách (computed by default, editable). */
  @Column({ type: 'text', name: 'author_mark', default: '' })
  authorMark: string;

  @Column({ type: 'text', default: '' })
  keywords: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  /** Khối lớp for textbooks (6–9), or null. */
  @Column({ type: 'integer', name: 'grade_level', nullable: true })
  gradeLevel: number | null;

  /** Subject (môn học) for textbook and teacher sets. */
  @Column({ type: 'text', default: '' })
  subject: string;

  /** Folded (lowercase, no diacritics, đ→d) title+authors for duplicate checks. */
  @Column({ type: 'text', name: 'dedupe_key', default: '' })
  dedupeKey: string;

  /** shared/text collationKey(title, volume, authors): the catalogue's natural Vietnamese order in SQL. */
  @Column({ type: 'text', name: 'sort_key', default: '' })
  sortKey: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt: string;
}
