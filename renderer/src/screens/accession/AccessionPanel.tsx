import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { BatchDto, MethodOutput } from '@shared/contract';
import { SOURCE_LABELS } from '@shared/contract/enums';
import { formatAccession } from '@shared/accession';
import { formatDate, todayIso } from '@shared/dates';
import { normalizeIsbn } from '@shared/isbn';
import { fieldMessage, parseCount, parseDong, type NumberParse } from '@shared/numbers';
import { compareNatural } from '@shared/text';
import { call } from '../../api';
import { FileActions } from '../../FileActions';
import { hashParams, navigate } from '../../nav';
import { useScanner } from '../../scanner';
import { useSession } from '../../session';
import { errorMessage, Field, formatMoney, formatNumber, Notice, useLoad } from '../../ui';
import { DateField } from '../../DateField';

type Hit = MethodOutput<'catalogue.search'>['items'][number];
interface Line { titleId: number; title: string; seriesCode: string; quantity: string; unitPrice: string; acquisitionMode: 'free' | 'purchase' }

const readQuantity = (v: string) => parseCount(v, 1, 10_000);
const readPrice = (v: string) => parseDong(v);
const numberOf = (r: NumberParse) => (r.ok ? r.value ?? 0 : 0);
const hitLabel = (h: { title: string; volume?: string }) => `${h.title}${h.volume ? ` – ${h.volume}` : ''}`;


/**
 * Finds a title to add as a line: search box with the first results. The keyboard alone does it: ↓/↑ move through
 * the results, Enter adds the marked one (the first by default, searching at once if the results are not in yet).
 */
function TitlePicker({ onPick }: { onPick: (h: Hit) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const search = (text: string) => call('catalogue.search', { query: text, limit: 20 })
    .then((r) => [...r.items].sort((a, b) => compareNatural(hitLabel(a), hitLabel(b))));
  useEffect(() => {
    setActive(0);
    if (!q.trim()) { setHits([]); return; }
    // Volumes in reading order (Tập một, Tập hai, Tập 3…), whatever order the search ranked them in.
    const t = setTimeout(() => search(q).then(setHits, () => setHits([])), 150);
    return () => clearTimeout(t);
  }, [q]);
  const pick = (h: Hit) => {
    onPick(h);
    setQ('');
    setHits([]);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (hits.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (hits[active]) pick(hits[active]);
      else if (q.trim()) void search(q).then((found) => { if (found[0]) pick(found[0]); else setHits([]); }, () => setHits([]));
    } else if (e.key === 'Escape') {
      setQ('');
    }
  };
  return (
    <div className="title-picker">
      <input type="search" aria-label="Tìm đầu sách để thêm" placeholder="Tìm đầu sách để thêm (hoặc quét mã ISBN)…" value={q}
        onChange={(e) => setQ(e.target.value)} onKeyDown={onKeyDown} />
      {hits.length > 0 && (
        <ul className="picker-results">
          {hits.map((h, i) => (
            <li key={h.id}><button type="button" className={i === active ? 'active' : undefined} aria-current={i === active ? 'true' : undefined} onClick={() => pick(h)}>
              {hitLabel(h)} <span className="muted">{[h.authors, h.publicationYear, h.seriesCode].filter(Boolean).join(' · ')}</span>
            </button></li>
          ))}
        </ul>
      )}
    </div>
  );
}

function BatchEditor({ batch, onClose }: { batch: BatchDto | null; onClose: (saved?: BatchDto) => void }) {
  // A draft opened by who may not edit it (Cộng tác viên, Ban giám hiệu) is read, not saved; Kế toán saves, not confirms.
  const { can } = useSession();
  const [date, setDate] = useState(batch?.date ?? todayIso());
  const [source, setSource] = useState<string>(batch?.source ?? 'mua');
  const [voucherNumber, setVoucher] = useState(batch?.voucherNumber ?? '');
  const [supplier, setSupplier] = useState(batch?.supplier ?? '');
  const [note, setNote] = useState(batch?.note ?? '');
  const [lines, setLines] = useState<Line[]>(() => (batch?.lines ?? []).map((l) => ({
    titleId: l.titleId, title: l.title, seriesCode: l.seriesCode, quantity: String(l.quantity), unitPrice: formatNumber(l.unitPrice),
    acquisitionMode: l.acquisitionMode as Line['acquisitionMode'],
  })));
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [draftId, setDraftId] = useState<number | undefined>(batch?.id);
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  /** Copies per series about to get numbers, shown for a last look before the numbers are handed out. */
  const [confirming, setConfirming] = useState<{ series: string; copies: number; next: string | null }[] | null>(null);
  const linesRef = useRef(lines);
  linesRef.current = lines;

  /** Adds a title, or one more copy of it when it is already in the phiếu (a second scan of the same ISBN). */
  const add = (h: { id: number; title: string; volume?: string; seriesCode: string }, price = 0): number => {
    const existing = linesRef.current.find((l) => l.titleId === h.id);
    const quantity = existing ? numberOf(readQuantity(existing.quantity)) + 1 : 1;
    const next = existing
      ? linesRef.current.map((l) => (l.titleId === h.id ? { ...l, quantity: String(quantity) } : l))
      : [...linesRef.current, {
        titleId: h.id, title: hitLabel(h), seriesCode: h.seriesCode, quantity: '1', unitPrice: price ? formatNumber(price) : '0',
        acquisitionMode: (source === 'mua' ? 'purchase' : 'free') as Line['acquisitionMode'],
      }];
    linesRef.current = next;
    setLines(next);
    return quantity;
  };

  // Opened from a title's page: "#/nhap-xuat/nhap/<titleId>".
  useEffect(() => {
    const [, sub, titleId] = hashParams();
    if (!batch && sub === 'nhap' && titleId && /^\d+$/.test(titleId)) {
      call('catalogue.getTitle', { id: Number(titleId) }).then((d) => add({ ...d.title }, d.title.coverPrice ?? 0), () => undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The scanner adds an existing title by its ISBN barcode.
  useScanner((code) => {
    const isbn = normalizeIsbn(code);
    if (!isbn || isbn === 'invalid') {
      setMessage({ kind: 'error', text: `Mã "${code}" không phải ISBN. Quét mã ISBN in trên bìa sách.` });
      return;
    }
    call('catalogue.findByIsbn', { isbn }).then((ts) => {
      if (ts.length === 0) setMessage({ kind: 'error', text: `Chưa có đầu sách ISBN ${isbn}. Hãy thêm đầu sách ở Biên mục trước.` });
      else {
        const quantity = add(ts[0], ts[0].coverPrice ?? 0);
        setMessage({ kind: 'success', text: quantity > 1
          ? `Đã thêm 1 bản "${hitLabel(ts[0])}" (ISBN ${isbn}): số lượng ${formatNumber(quantity)}.`
          : `Đã thêm "${hitLabel(ts[0])}" (ISBN ${isbn}).` });
      }
    }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  });

  const setLine = (i: number, patch: Partial<Line>) => {
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
    const key = `${lines[i]?.titleId}:${'quantity' in patch ? 'quantity' : 'unitPrice'}`;
    if (lineErrors[key]) setLineErrors(({ [key]: _gone, ...rest }) => rest);
    setConfirming(null);
  };
  const total = lines.reduce((a, l) => a + numberOf(readQuantity(l.quantity)), 0);
  const value = lines.reduce((a, l) => a + numberOf(readQuantity(l.quantity)) * numberOf(readPrice(l.unitPrice)), 0);

  /** Reads every quantity and price at its field; false (and the fields marked) when one cannot be read. */
  const checkLines = (): boolean => {
    const errors: Record<string, string> = {};
    for (const l of lines) {
      const q = readQuantity(l.quantity);
      const qMessage = !q.ok ? fieldMessage('Số lượng', l.quantity, q) : q.value === null ? 'Số lượng: hãy nhập số bản.' : null;
      if (qMessage) errors[`${l.titleId}:quantity`] = qMessage;
      const pMessage = fieldMessage('Đơn giá', l.unitPrice, readPrice(l.unitPrice));
      if (pMessage) errors[`${l.titleId}:unitPrice`] = pMessage;
    }
    setLineErrors(errors);
    if (Object.keys(errors).length) setMessage({ kind: 'error', text: 'Có ô số lượng hoặc đơn giá không đọc được, hãy sửa các ô được đánh dấu.' });
    return Object.keys(errors).length === 0;
  };

  /** Before numbers are handed out: how many ĐKCB per series, from which number. */
  const askConfirm = async () => {
    if (!checkLines()) return;
    const perSeries = new Map<string, number>();
    for (const l of lines) perSeries.set(l.seriesCode, (perSeries.get(l.seriesCode) ?? 0) + numberOf(readQuantity(l.quantity)));
    const series = await call('settings.listSeries', {}).catch(() => []);
    setConfirming([...perSeries].map(([code, copies]) => {
      const s = series.find((x) => x.code === code);
      return { series: code, copies, next: s ? formatAccession(s, s.nextNumber) : null };
    }));
  };

  const save = async (confirm: boolean) => {
    if (!checkLines()) return;
    setBusy(true);
    setConfirming(null);
    try {
      const saved = await call('accession.saveDraft', {
        id: draftId, date, source: source as 'mua', voucherNumber, supplier, note,
        lines: lines.map((l) => ({
          titleId: l.titleId, quantity: numberOf(readQuantity(l.quantity)), unitPrice: numberOf(readPrice(l.unitPrice)), acquisitionMode: l.acquisitionMode,
        })),
      });
      setDraftId(saved.id);
      if (!confirm) {
        setMessage({ kind: 'success', text: 'Đã lưu phiếu nháp (chưa cấp số ĐKCB).' });
        return;
      }
      onClose(await call('accession.confirm', { id: saved.id }));
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label="Phiếu nhập sách">
      <h2>{draftId ? 'Phiếu nhập (nháp)' : 'Lập phiếu nhập sách'}</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="grid-3">
        <Field label="Ngày vào sổ"><DateField name="date" required value={date} onChange={setDate} /></Field>
        <Field label="Nguồn">
          <select name="source" value={source} onChange={(e) => setSource(e.target.value)}>
            {Object.entries(SOURCE_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </Field>
        <Field label="Số chứng từ"><input name="voucherNumber" value={voucherNumber} onChange={(e) => setVoucher(e.target.value)} /></Field>
        <Field label="Nhà cung cấp / người tặng"><input name="supplier" value={supplier} onChange={(e) => setSupplier(e.target.value)} /></Field>
        <div style={{ gridColumn: 'span 2' }}><Field label="Ghi chú"><input name="note" value={note} onChange={(e) => setNote(e.target.value)} /></Field></div>
      </div>
      <h3>Sách trong phiếu</h3>
      <TitlePicker onPick={(h) => add(h)} />
      <table className="data" aria-label="Dòng phiếu nhập">
        <thead><tr><th>Nhan đề</th><th>Loại</th><th className="num">Số lượng</th><th className="num">Đơn giá (đ)</th><th>Phát không / Mua</th><th /></tr></thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.titleId}>
              <td>{l.title}</td><td>{l.seriesCode}</td>
              <td className="num">
                <input aria-label={`Số lượng ${l.title}`} value={l.quantity} size={5} inputMode="numeric" onChange={(e) => setLine(i, { quantity: e.target.value })}
                  aria-invalid={lineErrors[`${l.titleId}:quantity`] ? true : undefined} />
                {lineErrors[`${l.titleId}:quantity`] && <span className="field-message">{lineErrors[`${l.titleId}:quantity`]}</span>}
              </td>
              <td className="num">
                <input aria-label={`Đơn giá ${l.title}`} value={l.unitPrice} size={8} inputMode="numeric" onChange={(e) => setLine(i, { unitPrice: e.target.value })}
                  aria-invalid={lineErrors[`${l.titleId}:unitPrice`] ? true : undefined}
                  onBlur={() => {
                    const r = readPrice(l.unitPrice);
                    if (r.ok && r.value !== null) setLine(i, { unitPrice: formatNumber(r.value) });
                    else if (!r.ok) setLineErrors((fe) => ({ ...fe, [`${l.titleId}:unitPrice`]: fieldMessage('Đơn giá', l.unitPrice, r)! }));
                  }} />
                {lineErrors[`${l.titleId}:unitPrice`] && <span className="field-message">{lineErrors[`${l.titleId}:unitPrice`]}</span>}
              </td>
              <td>
                <select aria-label={`Hình thức ${l.title}`} value={l.acquisitionMode} onChange={(e) => setLine(i, { acquisitionMode: e.target.value as Line['acquisitionMode'] })}>
                  <option value="purchase">Mua</option><option value="free">Phát không</option>
                </select>
              </td>
              <td><button type="button" onClick={() => { setLines(lines.filter((_, j) => j !== i)); setConfirming(null); }}>Bỏ</button></td>
            </tr>
          ))}
          {lines.length === 0 && <tr><td colSpan={6} className="muted">Chưa có dòng nào: tìm đầu sách ở trên hoặc quét mã ISBN.</td></tr>}
        </tbody>
      </table>
      <p>Tổng: <strong>{formatNumber(total)}</strong> bản, <strong>{formatMoney(value)}</strong>. Số ĐKCB chỉ được cấp khi xác nhận phiếu.</p>
      {confirming && (
        <div className="notice notice-info" role="alertdialog" aria-label="Xác nhận cấp số ĐKCB">
          <p><strong>Sẽ cấp {formatNumber(confirming.reduce((a, c) => a + c.copies, 0))} số ĐKCB:</strong></p>
          <ul>{confirming.map((c) => (
            <li key={c.series}>{c.series}: {formatNumber(c.copies)} số{c.next ? `, bắt đầu từ ${c.next}` : ''}</li>
          ))}</ul>
          <p>Số ĐKCB đã cấp không thể thu hồi: phiếu sẽ được ghi vào Sổ đăng ký tổng quát và sổ đăng ký cá biệt, không sửa hay xóa được nữa.</p>
          <div className="row">
            <button type="button" className="primary" disabled={busy} onClick={() => void save(true)}>Cấp số ĐKCB</button>
            <button type="button" onClick={() => setConfirming(null)}>Quay lại sửa phiếu</button>
          </div>
        </div>
      )}
      <div className="row">
        {can('accession.confirm') && <button type="button" className="primary" disabled={busy || lines.length === 0 || !!confirming} onClick={() => void askConfirm()}>Xác nhận và cấp số ĐKCB</button>}
        {can('accession.saveDraft') && <button type="button" disabled={busy || lines.length === 0} onClick={() => void save(false)}>Lưu nháp</button>}
        {draftId && can('accession.deleteDraft') && (
          <button type="button" className="danger" disabled={busy} onClick={() => {
            call('accession.deleteDraft', { id: draftId }).then(() => onClose(), (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
          }}>Xóa phiếu nháp</button>
        )}
        <button type="button" onClick={() => onClose()}>Đóng</button>
      </div>
    </section>
  );
}

function BatchResult({ batch }: { batch: BatchDto }) {
  const { can } = useSession();
  const [file, setFile] = useState<{ fileName: string; pages?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const printMinutes = async () => {
    setBusy(true);
    setError(null);
    try {
      setFile(await call('registers.print', { kind: 'nhap', batchId: batch.id }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-label="Kết quả nhập">
      <h2>Phiếu nhập số {batch.registerNumber} – {formatDate(batch.date)} ({SOURCE_LABELS[batch.source] ?? batch.source})</h2>
      <p>{formatNumber(batch.totalCopies)} bản, {formatMoney(batch.totalValue)}.</p>
      <div className="row">
        {can('registers.print') && <button type="button" disabled={busy} onClick={() => void printMinutes()}>In biên bản nhập sách</button>}
        {can('labels.printBatch') && <button type="button" onClick={() => navigate('in-nhan', 'batch', String(batch.id))}>In nhãn cho các bản sách này</button>}
        {file && <FileActions file={file} />}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <table className="data" aria-label="Số ĐKCB đã cấp">
        <thead><tr><th>Nhan đề</th><th className="num">Số lượng</th><th>Số ĐKCB</th></tr></thead>
        <tbody>
          {batch.lines.map((l) => (
            <tr key={l.id}><td>{l.title}</td><td className="num">{l.quantity}</td><td className="codes">{l.codes.join(', ')}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Nhập sách: the list of batches, the batch wizard (drafts hold no numbers), the ĐKCB handed out. */
export function AccessionPanel() {
  const { can } = useSession();
  const startNew = hashParams()[1] === 'nhap' && !!hashParams()[2];
  const { data, error, reload } = useLoad(() => call('accession.list', {}));
  const [editing, setEditing] = useState<BatchDto | null | 'new'>(startNew && can('accession.saveDraft') ? 'new' : null);
  const [done, setDone] = useState<BatchDto | null>(null);

  const open = async (id: number) => {
    const b = await call('accession.get', { id });
    if (b.status === 'draft') setEditing(b);
    else setDone(b);
  };

  if (editing) {
    return <BatchEditor batch={editing === 'new' ? null : editing} onClose={(saved) => { setEditing(null); setDone(saved ?? null); void reload(); }} />;
  }
  return (
    <>
      {done && <BatchResult batch={done} />}
      {can('accession.saveDraft') && <div className="row">
        <button type="button" className="primary" onClick={() => { setDone(null); setEditing('new'); }}>Lập phiếu nhập mới</button>
      </div>}
      {error && <Notice kind="error">{error}</Notice>}
      <table className="data" aria-label="Phiếu nhập">
        <thead><tr><th>Số vào sổ</th><th>Ngày</th><th>Nguồn</th><th>Số chứng từ</th><th className="num">Số bản</th><th className="num">Giá trị</th><th>Số ĐKCB</th><th>Trạng thái</th></tr></thead>
        <tbody>
          {(data ?? []).map((b) => (
            <tr key={b.id} className="clickable" onClick={() => void open(b.id)}>
              <td>{b.registerNumber ?? '—'}</td><td>{formatDate(b.date)}</td><td>{SOURCE_LABELS[b.source] ?? b.source}</td><td>{b.voucherNumber}</td>
              <td className="num">{formatNumber(b.totalCopies)}</td><td className="num">{formatMoney(b.totalValue)}</td>
              <td>{b.codeRanges}</td>
              <td>{b.status === 'draft' ? <span className="badge badge-warn">Nháp</span> : <span className="badge badge-ok">Đã xác nhận</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
