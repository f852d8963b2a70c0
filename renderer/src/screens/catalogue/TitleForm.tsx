import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { MethodOutput, Series, TitleDto } from '@shared/contract';
import { normalizeIsbn } from '@shared/isbn';
import { fieldMessage, formatNumber, parseCount, parseDecimal, parseDong, parseYear, type NumberParse } from '@shared/numbers';
import { defaultAuthorMark, shelfMark } from '@shared/shelfmark';
import { ApiError, call } from '../../api';
import { errorMessage, Field, Notice } from '../../ui';

type Classifications = MethodOutput<'catalogue.listClassifications'>;
type Duplicates = MethodOutput<'catalogue.findDuplicates'>;

interface FormState {
  title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: string; edition: string; pages: string; sizeCm: string; coverPrice: string; isbn: string; language: string;
  seriesId: string; classification: string; authorMark: string; keywords: string; summary: string; gradeLevel: string; subject: string;
}

function fromTitle(t: TitleDto | null, series: Series[]): FormState {
  const stk = series.find((s) => s.code === 'STK') ?? series[0];
  const str = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    title: t?.title ?? '', subtitle: t?.subtitle ?? '', volume: t?.volume ?? '', authors: (t?.authors ?? []).join('; '),
    publisher: t?.publisher ?? '', placeOfPublication: t?.placeOfPublication ?? '', publicationYear: str(t?.publicationYear),
    edition: t?.edition ?? '', pages: str(t?.pages), sizeCm: t?.sizeCm == null ? '' : formatNumber(t.sizeCm),
    coverPrice: t?.coverPrice == null ? '' : formatNumber(t.coverPrice), isbn: t?.isbn ?? '',
    language: t?.language ?? 'vi', seriesId: String(t?.seriesId ?? stk?.id ?? ''), classification: t?.classification ?? '',
    authorMark: t?.authorMark ?? '', keywords: t?.keywords ?? '', summary: t?.summary ?? '', gradeLevel: str(t?.gradeLevel), subject: t?.subject ?? '',
  };
}

/** The number fields, each read by the shared parser (shared/numbers.ts) with the label shown on the form. */
const NUMBER_FIELDS = {
  publicationYear: { label: 'Năm xuất bản', parse: (v: string) => parseYear(v) },
  pages: { label: 'Số trang', parse: (v: string) => parseCount(v, 1, 100_000) },
  sizeCm: { label: 'Khổ (cm)', parse: (v: string) => parseDecimal(v, 0, 100) },
  coverPrice: { label: 'Giá bìa', parse: (v: string) => parseDong(v) },
  gradeLevel: { label: 'Khối lớp', parse: (v: string) => parseCount(v, 1, 12) },
} satisfies Partial<Record<keyof FormState, { label: string; parse: (v: string) => NumberParse }>>;
type NumberField = keyof typeof NUMBER_FIELDS;
const isNumberField = (k: string): k is NumberField => k in NUMBER_FIELDS;
const valueOf = (r: NumberParse) => (r.ok ? r.value : null);

/** The title form: every bibliographic field, live ISBN check, duplicate warning, computed shelf mark. */
export function TitleForm({ title, series, onSaved, onCancel }: {
  title: TitleDto | null; series: Series[]; onSaved: (t: TitleDto) => void; onCancel: () => void;
}) {
  const [form, setForm] = useState<FormState>(() => fromTitle(title, series));
  const [classes, setClasses] = useState<Classifications>([]);
  const [dups, setDups] = useState<Duplicates>([]);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    call('catalogue.listClassifications', {}).then(setClasses, () => setClasses([]));
  }, []);

  const authors = form.authors.split(';').map((a) => a.trim()).filter(Boolean);
  const isbnState = normalizeIsbn(form.isbn);
  const computedMark = defaultAuthorMark(authors.join('; '), form.title);
  const mark = form.authorMark.trim() || computedMark;

  // Duplicate warning while typing (same ISBN, or same title + authors + year).
  const dupKey = `${form.title}|${form.volume}|${form.authors}|${form.publicationYear}|${form.isbn}`;
  useEffect(() => {
    if (!form.title.trim() && !form.isbn.trim()) return;
    const timer = setTimeout(() => {
      call('catalogue.findDuplicates', {
        id: title?.id, title: form.title, volume: form.volume, authors, publicationYear: valueOf(NUMBER_FIELDS.publicationYear.parse(form.publicationYear)),
        isbn: isbnState && isbnState !== 'invalid' ? isbnState : '',
      }).then(setDups, () => setDups([]));
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dupKey]);

  // Editing a field clears the message about it (a fixed ISBN no longer shows the old error).
  const set = (key: keyof FormState) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    if (fieldErrors[key]) {
      setFieldErrors(({ [key]: _gone, ...rest }) => rest);
      setError(null);
    }
  };
  /** Reads a number field when the person leaves it: a price shows as 45.000, text that is not a number is refused here. */
  const check = (key: NumberField) => {
    const r = NUMBER_FIELDS[key].parse(form[key]);
    const message = fieldMessage(NUMBER_FIELDS[key].label, form[key], r);
    if (message) setFieldErrors((fe) => ({ ...fe, [key]: message }));
    else if (key === 'coverPrice' && r.ok && r.value !== null) setForm((f) => ({ ...f, coverPrice: formatNumber(r.value!) }));
  };
  const input = (key: keyof FormState, label: string, hint?: string, props: Record<string, unknown> = {}) => (
    <Field label={label} hint={hint} error={fieldErrors[key]}>
      <input name={key} value={form[key]} onChange={set(key)} onBlur={isNumberField(key) ? () => check(key) : undefined}
        aria-invalid={fieldErrors[key] ? true : undefined} {...props} />
    </Field>
  );
  const classOptions = useMemo(() => classes.map((c) => <option key={c.id} value={c.code}>{`${c.code} – ${c.label}`}</option>), [classes]);

  const save = async (allowDuplicate: boolean) => {
    // Numbers are read here, at the field: what cannot be read is refused before anything is sent.
    const numbers = {} as Record<NumberField, number | null>;
    const refused: Record<string, string> = {};
    for (const key of Object.keys(NUMBER_FIELDS) as NumberField[]) {
      const r = NUMBER_FIELDS[key].parse(form[key]);
      const message = fieldMessage(NUMBER_FIELDS[key].label, form[key], r);
      if (message) refused[key] = message;
      numbers[key] = valueOf(r);
    }
    if (Object.keys(refused).length) {
      setFieldErrors(refused);
      setError('Chưa lưu: có ô số không đọc được, hãy sửa các ô được đánh dấu.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await call('catalogue.saveTitle', {
        id: title?.id, title: form.title, subtitle: form.subtitle, volume: form.volume, authors, publisher: form.publisher,
        placeOfPublication: form.placeOfPublication, publicationYear: numbers.publicationYear, edition: form.edition,
        pages: numbers.pages, sizeCm: numbers.sizeCm, coverPrice: numbers.coverPrice, isbn: form.isbn, language: form.language,
        seriesId: Number(form.seriesId), classification: form.classification, authorMark: form.authorMark, keywords: form.keywords,
        summary: form.summary, gradeLevel: numbers.gradeLevel, subject: form.subject, allowDuplicate,
      });
      onSaved(saved);
    } catch (e) {
      const fe: Record<string, string> = {};
      if (e instanceof ApiError && Array.isArray(e.details)) {
        for (const issue of e.details as { path: (string | number)[]; message: string }[]) fe[String(issue.path[0])] ??= issue.message;
      }
      setFieldErrors(fe);
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <form noValidate className="panel" onSubmit={submit} aria-label="Đầu sách">
      <h2>{title ? `Sửa đầu sách: ${title.title}` : 'Thêm đầu sách'}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {dups.length > 0 && (
        <Notice kind="info">
          Có thể trùng với: {dups.map((d) => `"${d.title}"${d.authors ? ` – ${d.authors}` : ''}${d.publicationYear ? ` (${d.publicationYear})` : ''}`).join('; ')}
          {' '}({dups[0].reason === 'isbn' ? 'cùng ISBN' : 'cùng nhan đề, tác giả, năm'}).{' '}
          <button type="button" onClick={() => void save(true)} disabled={saving}>Vẫn lưu</button>
        </Notice>
      )}
      <div className="grid-3">
        <div style={{ gridColumn: 'span 2' }}>{input('title', 'Nhan đề', undefined, { required: true, autoFocus: true })}</div>
        {input('volume', 'Tập', 'Ví dụ: Tập một')}
        <div style={{ gridColumn: 'span 2' }}>{input('subtitle', 'Phụ đề')}</div>
        <Field label="Loại tài liệu">
          <select name="seriesId" value={form.seriesId} onChange={set('seriesId')}>
            {series.map((s) => <option key={s.id} value={s.id}>{`${s.code} – ${s.name}`}</option>)}
          </select>
        </Field>
        <div style={{ gridColumn: 'span 2' }}>{input('authors', 'Tác giả', 'Nhiều tác giả cách nhau bằng dấu chấm phẩy (;)')}</div>
        <Field label="ISBN" error={isbnState === 'invalid' ? 'ISBN không đúng (sai số kiểm tra).' : fieldErrors.isbn}
          hint={isbnState && isbnState !== 'invalid' ? `Lưu dạng ISBN-13: ${isbnState}` : 'ISBN-10 hoặc ISBN-13'}>
          <input name="isbn" value={form.isbn} onChange={set('isbn')} data-scan-target="replace"
            aria-invalid={isbnState === 'invalid' || fieldErrors.isbn ? true : undefined} />
        </Field>
        {input('publisher', 'Nhà xuất bản')}
        {input('placeOfPublication', 'Nơi xuất bản')}
        {input('publicationYear', 'Năm xuất bản', undefined, { inputMode: 'numeric' })}
        {input('edition', 'Lần xuất bản')}
        {input('pages', 'Số trang', undefined, { inputMode: 'numeric' })}
        {input('sizeCm', 'Khổ (cm)', undefined, { inputMode: 'decimal' })}
        {input('coverPrice', 'Giá bìa (đồng)', 'Ví dụ: 45.000', { inputMode: 'numeric' })}
        <Field label="Ngôn ngữ">
          <select name="language" value={form.language} onChange={set('language')}>
            {[['vi', 'Tiếng Việt'], ['en', 'Tiếng Anh'], ['fr', 'Tiếng Pháp'], ['zh', 'Tiếng Trung'], ['ru', 'Tiếng Nga']].map(([v, l]) =>
              <option key={v} value={v}>{l}</option>)}
            {!['vi', 'en', 'fr', 'zh', 'ru'].includes(form.language) && <option value={form.language}>{form.language}</option>}
          </select>
        </Field>
        <Field label="Môn loại / ký hiệu phân loại" hint="Chọn trong bảng hoặc gõ số chi tiết (ví dụ 895.9223)">
          <input name="classification" list="bien-muc-classes" value={form.classification} onChange={set('classification')} />
          <datalist id="bien-muc-classes">{classOptions}</datalist>
        </Field>
        <Field label="Ký hiệu tác giả / tên sách" hint={`Tự tính: ${computedMark || '—'} (để trống để dùng)`}>
          <input name="authorMark" value={form.authorMark} onChange={set('authorMark')} placeholder={computedMark} />
        </Field>
        {input('keywords', 'Từ khóa')}
        {input('gradeLevel', 'Khối lớp (sách giáo khoa)', undefined, { inputMode: 'numeric' })}
        {input('subject', 'Môn học')}
        <div style={{ gridColumn: 'span 3' }}>
          <Field label="Tóm tắt">
            <textarea name="summary" rows={3} value={form.summary} onChange={set('summary')} />
          </Field>
        </div>
      </div>
      <p>Ký hiệu xếp giá: <strong className="shelf-mark">{shelfMark(form.classification, mark) || '—'}</strong></p>
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>Lưu đầu sách</button>
        <button type="button" onClick={onCancel}>Hủy</button>
      </div>
    </form>
  );
}
