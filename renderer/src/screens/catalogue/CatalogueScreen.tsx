import { useEffect, useState } from 'react';
import type { MethodOutput, Series, TitleDto } from '@shared/contract';
import { formatDate } from '@shared/dates';
import { languageLabel } from '@shared/contract/enums';
import { isInStock } from '@shared/stock';
import { call } from '../../api';
import { useSession } from '../../session';
import { FileActions } from '../../FileActions';
import { navigate } from '../../nav';
import { errorMessage, formatMoney, formatNumber, Notice, Pager, ScreenHeader, useLoad } from '../../ui';
import { ImportPanel } from './ImportPanel';
import { MarcImportPanel } from './MarcImportPanel';
import { TitleForm } from './TitleForm';
import { ReserveForReaderPanel } from '../reservations/ReserveForReaderPanel';
import { STATUS_BADGE, STATUS_LABELS, useHashId } from './useHashId';

type SearchResult = MethodOutput<'catalogue.search'>;
/** Titles per page of the catalogue list; the server pages (offset/limit) and counts the total. */
const PAGE_SIZE = 100;

function SearchPanel({ series }: { series: Series[] }) {
  const [query, setQuery] = useState(() => sessionStorage.getItem('bien-muc.q') ?? '');
  const [seriesId, setSeriesId] = useState('');
  const [status, setStatus] = useState('');
  const [year, setYear] = useState('');
  const [classification, setClassification] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const filtersKey = JSON.stringify([query, seriesId, status, year, classification]);
  // A new search or filter starts again at the first page.
  const [lastFilters, setLastFilters] = useState(filtersKey);
  if (lastFilters !== filtersKey) {
    setLastFilters(filtersKey);
    setOffset(0);
  }

  useEffect(() => {
    sessionStorage.setItem('bien-muc.q', query);
    const timer = setTimeout(() => {
      call('catalogue.search', {
        query, seriesId: seriesId ? Number(seriesId) : undefined, status: (status || undefined) as 'available' | undefined,
        year: /^\d{4}$/.test(year) ? Number(year) : undefined, classification: classification || undefined, limit: PAGE_SIZE, offset,
      }).then((r) => { setResult(r); setError(null); }, (e) => setError(errorMessage(e)));
    }, 150);
    return () => clearTimeout(timer);
  }, [query, seriesId, status, year, classification, offset]);

  return (
    <section className="panel" aria-label="Tìm sách">
      <div className="catalogue-filters">
        <input type="search" aria-label="Tìm sách" placeholder="Tìm theo nhan đề, tác giả, NXB, ISBN, số ĐKCB, từ khóa… (gõ không dấu cũng được)"
          value={query} onChange={(e) => setQuery(e.target.value)} autoFocus className="catalogue-search" data-scan-target="replace" />
        <select aria-label="Loại tài liệu" value={seriesId} onChange={(e) => setSeriesId(e.target.value)}>
          <option value="">Mọi loại</option>
          {series.map((s) => <option key={s.id} value={s.id}>{s.code}</option>)}
        </select>
        <select aria-label="Tình trạng" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Mọi tình trạng</option>
          {Object.entries(STATUS_LABELS).map(([k, v]) => <option key={k} value={k}>{`Có bản ${v.toLowerCase()}`}</option>)}
        </select>
        <input aria-label="Môn loại" placeholder="Môn loại" value={classification} onChange={(e) => setClassification(e.target.value)} size={8} />
        <input aria-label="Năm xuất bản" placeholder="Năm XB" value={year} onChange={(e) => setYear(e.target.value)} size={6} inputMode="numeric" />
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <>
          {result.total === 0 ? <p className="muted">Không tìm thấy đầu sách nào.</p>
            : <Pager total={result.total} offset={offset} pageSize={PAGE_SIZE} unit="đầu sách" onChange={setOffset} />}
          <table className="data" aria-label="Kết quả tìm kiếm">
            <thead>
              <tr><th>Nhan đề</th><th>Tác giả</th><th>Loại</th><th>Ký hiệu xếp giá</th><th className="num">Năm</th><th className="num">Sẵn sàng / trong kho</th><th>Ghi chú</th></tr>
            </thead>
            <tbody>
              {result.items.map((t) => (
                <tr key={t.id} className="clickable" onClick={() => navigate('bien-muc', String(t.id))}>
                  <td><a href={`#/bien-muc/${t.id}`}>{t.title}{t.volume ? ` – ${t.volume}` : ''}</a>{t.subtitle && <div className="muted">{t.subtitle}</div>}</td>
                  <td>{t.authors}</td>
                  <td>{t.seriesCode}</td>
                  <td>{t.shelfMark}</td>
                  <td className="num">{t.publicationYear ?? ''}</td>
                  <td className="num">{`${t.available} / ${t.copies}`}</td>
                  <td className="muted">
                    {t.matchedCode && <span className="badge">{t.matchedCode}</span>}
                    {t.onLoan > 0 && ` ${t.onLoan} đang mượn`}{t.held > 0 && ` ${t.held} đang giữ`}{t.withdrawn > 0 && ` ${t.withdrawn} đã thanh lọc`}{t.lost > 0 && ` ${t.lost} mất`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function TitleDetail({ id, series }: { id: number; series: Series[] }) {
  const { can } = useSession();
  const { data, error, reload } = useLoad(() => call('catalogue.getTitle', { id }), [id]);
  const [editing, setEditing] = useState(false);
  const [foundMsg, setFoundMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  /** "Tìm thấy": a copy recorded lost is back (circulation owns lost/found; audited there). */
  const markFound = async (code: string) => {
    try {
      setFoundMsg({ kind: 'success', text: (await call('circulation.found', { code })).message });
      await reload();
    } catch (e) {
      setFoundMsg({ kind: 'error', text: errorMessage(e) });
    }
  };
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!data) return <p className="muted">Đang tải…</p>;
  if (editing) {
    return <TitleForm title={data.title} series={series} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); void reload(); }} />;
  }
  const t = data.title;
  const counts = data.copies.reduce<Record<string, number>>((m, c) => ({ ...m, [c.status]: (m[c.status] ?? 0) + 1 }), {});
  const facts: [string, string][] = [
    ['Tác giả', t.authors.join('; ')], ['Nhà xuất bản', [t.publisher, t.placeOfPublication].filter(Boolean).join(', ')],
    ['Năm xuất bản', String(t.publicationYear ?? '')], ['Lần xuất bản', t.edition], ['Số trang', String(t.pages ?? '')],
    ['Khổ', t.sizeCm ? `${formatNumber(t.sizeCm)} cm` : ''], ['Giá bìa', t.coverPrice !== null ? formatMoney(t.coverPrice) : ''], ['ISBN', t.isbn ?? ''],
    ['Loại tài liệu', t.seriesCode], ['Môn loại', t.classification], ['Ký hiệu xếp giá', t.shelfMark], ['Ngôn ngữ', languageLabel(t.language)],
    ['Từ khóa', t.keywords], ['Khối lớp', String(t.gradeLevel ?? '')], ['Môn học', t.subject], ['Tóm tắt', t.summary],
  ];
  return (
    <section className="panel" aria-label="Chi tiết đầu sách">
      <div className="row" style={{ marginBottom: 12 }}>
        <button type="button" onClick={() => navigate('bien-muc')}>← Danh sách</button>
        {can('catalogue.saveTitle') && <button type="button" onClick={() => setEditing(true)}>Sửa đầu sách</button>}
        {can('accession.saveDraft') && <button type="button" onClick={() => navigate('nhap-xuat', 'nhap', String(t.id))}>Nhập thêm bản sách</button>}
        {can('labels.print') && <button type="button" disabled={!data.copies.some((c) => isInStock(c.status))}
          onClick={() => navigate('in-nhan', 'title', String(t.id))}>In nhãn các bản sách này</button>}
      </div>
      <h2>{t.title}{t.volume ? ` – ${t.volume}` : ''}</h2>
      {t.subtitle && <p className="muted">{t.subtitle}</p>}
      <dl className="title-facts">
        {facts.filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      {foundMsg && <Notice kind={foundMsg.kind}>{foundMsg.text}</Notice>}
      <h3>Bản sách ({data.copies.length}: {Object.entries(counts).map(([k, n]) => `${n} ${STATUS_LABELS[k]?.toLowerCase() ?? k}`).join(', ') || 'chưa có'})</h3>
      <table className="data" aria-label="Bản sách">
        <thead><tr><th>Số ĐKCB</th><th>Tình trạng</th><th>Kho/kệ</th><th className="num">Giá</th><th>Số vào sổ TQ</th><th>Ngày vào sổ</th><th>Ghi chú</th></tr></thead>
        <tbody>
          {data.copies.map((c) => (
            <tr key={c.id}>
              <td>{c.accessionCode}</td>
              <td>
                <span className={STATUS_BADGE[c.status]}>{STATUS_LABELS[c.status]}</span>
                {c.status === 'lost' && can('circulation.found') && <button type="button" style={{ marginLeft: 6 }} onClick={() => markFound(c.accessionCode)}>Tìm thấy</button>}
              </td>
              <td>{c.location}</td>
              <td className="num">{formatNumber(c.price)}</td>
              <td>{c.registerNumber ?? ''}</td>
              <td>{formatDate(c.batchDate)}</td>
              <td>{c.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {can('reservations.list') && <ReserveForReaderPanel titleId={t.id} />}
      <h3>Lịch sử mượn</h3>
      {data.loans.length === 0 ? <p className="muted">Chưa có lượt mượn nào.</p> : (
        <table className="data" aria-label="Lịch sử mượn">
          <thead><tr><th>Số ĐKCB</th><th>Bạn đọc</th><th>Lớp / tổ</th><th>Ngày mượn</th><th>Hạn trả</th><th>Ngày trả</th></tr></thead>
          <tbody>
            {data.loans.map((l) => (
              <tr key={l.id}>
                <td>{l.accessionCode}</td><td>{l.readerName}</td><td>{l.readerClass}</td><td>{formatDate(l.checkoutAt)}</td><td>{formatDate(l.dueAt)}</td>
                <td>{l.returnedAt ? formatDate(l.returnedAt) : l.lostAt ? `Mất (${formatDate(l.lostAt)})` : <span className="badge badge-warn">Đang mượn</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Biên mục: search, list with availability, title detail (copies, loan history), title form, import and export. */
export function CatalogueScreen() {
  const { can } = useSession();
  const id = useHashId('bien-muc');
  const { data: series } = useLoad(() => call('settings.listSeries', {}));
  const [mode, setMode] = useState<'list' | 'new' | 'import' | 'marc'>('list');
  const [marcFormat, setMarcFormat] = useState<'iso2709' | 'marcxml'>('iso2709');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string; file?: string } | null>(null);

  const exportXlsx = async () => {
    try {
      const r = await call('catalogue.export', {});
      setMessage({ kind: 'success', text: 'Đã xuất danh mục ra Excel.', file: r.fileName });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  const exportMarc = async () => {
    try {
      const r = await call('catalogue.exportMarc', { format: marcFormat });
      setMessage({ kind: 'success', text: `Đã xuất ${formatNumber(r.records)} bản ghi MARC 21 (${formatNumber(r.holdings)} bản sách).`, file: r.fileName });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  if (!series) return <p className="muted">Đang tải…</p>;
  return (
    <div>
      <ScreenHeader title="Biên mục">
        {can('catalogue.saveTitle') && <button type="button" className="primary" onClick={() => { setMode('new'); navigate('bien-muc'); }}>Thêm đầu sách</button>}
        {can('catalogue.import') && <button type="button" onClick={() => { setMode('import'); navigate('bien-muc'); }}>Nhập danh mục từ tệp</button>}
        {can('catalogue.export') && <button type="button" onClick={() => void exportXlsx()}>Xuất Excel</button>}
        {can('catalogue.importMarc') && <button type="button" onClick={() => { setMode('marc'); navigate('bien-muc'); }}>Nhập MARC 21</button>}
        {can('catalogue.exportMarc') && (
          <>
            <select aria-label="Dạng tệp MARC 21" value={marcFormat} onChange={(e) => setMarcFormat(e.target.value as 'iso2709' | 'marcxml')}>
              <option value="iso2709">ISO 2709 (.mrc)</option>
              <option value="marcxml">MARCXML (.xml)</option>
            </select>
            <button type="button" onClick={() => void exportMarc()}>Xuất MARC 21</button>
          </>
        )}
      </ScreenHeader>
      {message && (
        <Notice kind={message.kind}>
          {message.text} {message.file && <FileActions file={{ fileName: message.file }} />}
        </Notice>
      )}
      {id !== null ? <TitleDetail id={id} series={series} />
        : mode === 'new' ? (
          <TitleForm title={null} series={series} onCancel={() => setMode('list')}
            onSaved={(t: TitleDto) => { setMode('list'); navigate('bien-muc', String(t.id)); }} />
        ) : mode === 'import' ? <ImportPanel onDone={() => setMode('list')} />
        : mode === 'marc' ? <MarcImportPanel onDone={() => setMode('list')} />
        : <SearchPanel series={series} />}
    </div>
  );
}
