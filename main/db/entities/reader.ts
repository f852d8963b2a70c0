import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Bạn đọc: a student, teacher or staff member. Never deleted; deactivated instead. */
@Entity({ name: 'reader' })
@Index('ix_reader_class', ['className', 'active'])
export class Reader {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** student | teacher | staff */
  @Column({ type: 'text' })
  kind: string;

  /** Mã học sinh / mã cán bộ from the school's management system. */
  @Index('ux_reader_code', { unique: true })
  @Column({ type: 'text' })
  code: string;

  /** IME-safe card number, e.g. HS000123, GV000012. */
  @Index('ux_reader_card', { unique: true })
  @Column({ type: 'text', name: 'card_number' })
  cardNumber: string;

  @Column({ type: 'text', name: 'full_name' })
  fullName: string;

  /** Folded name + code + class for diacritics-insensitive search. */
  @Column({ type: 'text', name: 'search_text', default: '' })
  searchText: string;

  @Column({ type: 'text', name: 'birth_date', nullable: true })
  birthDate: string | null;

  /** nam | nu | '' */
  @Column({ type: 'text', default: '' })
  sex: string;

  /** Lớp, e.g. "6A1" (students). */
  @Column({ type: 'text', name: 'class_name', default: '' })
  className: string;

  /** Khối 6–9 (students). */
  @Column({ type: 'integer', nullable: true })
  grade: number | null;

  /** Lớp chủ nhiệm: the class a teacher heads, e.g. "7A2" ('' for none; pupils never). Not `className`, which is a pupil's own. */
  @Column({ type: 'text', name: 'homeroom_class', default: '' })
  homeroomClass: string;

  /** Tổ chuyên môn (teachers and staff). */
  @Column({ type: 'text', default: '' })
  department: string;

  /** Chức vụ. */
  @Column({ type: 'text', default: '' })
  position: string;

  /** Subject taught (for teacher sets per subject). */
  @Column({ type: 'text', default: '' })
  subject: string;

  @Column({ type: 'text', default: '' })
  phone: string;

  /** School year the current card is issued for, e.g. "2026-2027". */
  @Column({ type: 'text', name: 'school_year', default: '' })
  schoolYear: string;

  /** School year of first registration (for "new readers this year"). */
  @Column({ type: 'text', name: 'first_school_year', default: '' })
  firstSchoolYear: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Photo file name inside the data folder's photos/, or null. */
  @Column({ type: 'text', nullable: true })
  photo: string | null;

  @Column({ type: 'datetime', name: 'card_issued_at', nullable: true })
  cardIssuedAt: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt: string;
}
