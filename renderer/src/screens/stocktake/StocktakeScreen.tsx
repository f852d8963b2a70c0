import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { FileResult, StocktakeDto, StocktakeReport, StocktakeScanResult, StocktakeSeriesCounts } from '@shared/contract';
import { formatDate } from '@shared/dates';
import { call } from '../../api';
import { FileActions } from '../../FileActions';
import { useScanner } from '../../scanner';
import { useSession } from '../../session';
import { errorMessage, Field, formatNumber, Notice, ScreenHeader, useLoad } from '../../ui';

/** Kiểm kê: start a stocktake, scan the shelves, close it (Còn / Mất / Thừa) and print its list and minutes. */

const day = (stamp: string | null) => (stamp ? formatDate(new Date(stamp).toLocaleDateString('sv-SE')) : '');
const scopeLabel = (s: { scope: string[] }) => (s.scope.length ? s.scope.join(', ') : 'Toàn bộ kho');

function StartForm({ onStarted }: { onStarted: (s: StocktakeDto) => void }) {
  const school = useLoad(() => call('settings.getSchool', {}));
  const series = useLoad(() => call('settings.listSeries', {}));
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const [scope, setScope] = useState<string[]>([]);
  const [members, setMembers] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const schoolYear = year || school.data?.schoolYear || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onStarted(await call('stocktake.start', { name: name || `Kiểm kê năm học ${schoolYear}`, schoolYear, scope, members }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate className="panel" aria-label="Bắt đầu kiểm kê" onSubmit={submit}>
      <h2>Bắt đầu đợt kiểm kê</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="grid-3">
        <Field label="Tên đợt kiểm kê" hint={`Để trống: "Kiểm kê năm học ${schoolYear}"`}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Năm học"><input name="schoolYear" value={schoolYear} onChange={(e) => setYear(e.target.value)} placeholder="2026-2027" /></Field>
        <Field label="Thành phần ban kiểm kê" hint="Mỗi người một dòng: họ tên – chức vụ">
          <textarea name="members" rows={2} value={members} onChange={(e) => setMembers(e.target.value)} />
        </Field>
      </div>
      <fieldset className="stocktake-scope">
        <legend>Phạm vi (không chọn loại nào = toàn bộ kho)</legend>
        {(series.data ?? []).map((s) => (
          <label key={s.code}>
            <input type="checkbox" checked={scope.includes(s.code)}
              onChange={(e) => setScope(e.target.checked ? [...scope, s.code] : scope.filter((c) => c !== s.code))} />
            {' '}{s.name} ({s.code})
          </label>
        ))}
      </fieldset>
      <div className="row"><button type="submit" className="primary" disabled={busy || !schoolYear}>Bắt đầu kiểm kê</button></div>
    </form>
  );
}

function SeriesTable({ rows, open }: { rows: StocktakeSeriesCounts[]; open: boolean }) {
  return (
    <table className="data" aria-label={open ? 'Tiến độ theo loại sách' : 'Kết quả theo loại sách'}>
      <thead>
        <tr>
          <th>Loại sách</th><th className="num">Theo sổ</th><th className="num">Đã quét</th><th className="num">Đang cho mượn</th><th className="num">Đang giữ</th>
          <th className="num">Còn</th><th className="num">{open ? 'Chưa thấy' : 'Mất'}</th><th className="num">Thừa</th>{open && <th>Tiến độ</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const pct = r.expected ? Math.round((100 * r.present) / r.expected) : 0;
          return (
            <tr key={r.code || '?'} data-series={r.code}>
              <td>{r.name}{r.code && ` (${r.code})`}</td>
              <td className="num">{formatNumber(r.expected)}</td><td className="num">{formatNumber(r.scanned)}</td>
              <td className="num">{formatNumber(r.onLoan)}</td><td className="num">{formatNumber(r.held)}</td><td className="num">{formatNumber(r.present)}</td>
              <td className="num">{formatNumber(r.missing)}</td><td className="num">{formatNumber(r.extra)}</td>
              {open && (
                <td style={{ minWidth: 140 }}>
                  {r.expected > 0 && (
                    <div className="report-progress" role="progressbar" aria-label={`Tiến độ ${r.code}`} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                      <div style={{ width: `${pct}%` }} />
                    </div>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PrintButtons({ stocktakeId }: { stocktakeId: number }) {
  const { can } = useSession();
  const [file, setFile] = useState<FileResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const print = async (kind: 'list' | 'minutes') => {
    setBusy(true);
    setError(null);
    try {
      setFile(await call('stocktake.printPdf', { stocktakeId, kind }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  // The list and minutes are reports (a Cộng tác viên scans but prints nothing).
  if (!can('stocktake.printPdf')) return null;
  return (
    <div className="stocktake-actions">
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void print('list')}>In danh sách kiểm kê</button>
        <button type="button" disabled={busy} onClick={() => void print('minutes')}>In biên bản kiểm kê</button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {file && <Notice kind="success">Đã tạo tệp. <FileActions file={file} /></Notice>}
    </div>
  );
}

function Totals({ t, open = false }: { t: StocktakeDto['counts']; open?: boolean }) {
  return (
    <div className="report-figures" aria-label="Kết quả kiểm kê">
      <div className="report-figure" data-testid="count-present"><span className="report-figure-label">Còn</span><span className="report-figure-value">{formatNumber(t.present)}</span></div>
      <div className="report-figure" data-testid="count-missing"><span className="report-figure-label">{open ? 'Chưa thấy (sẽ ghi Mất)' : 'Mất'}</span><span className="report-figure-value">{formatNumber(t.missing)}</span></div>
      <div className="report-figure" data-testid="count-extra"><span className="report-figure-label">Thừa</span><span className="report-figure-value">{formatNumber(t.extra)}</span></div>
      <div className="report-figure"><span className="report-figure-label">Trong đó đang cho mượn</span><span className="report-figure-value">{formatNumber(t.onLoan)}</span></div>
      {t.held > 0 && <div className="report-figure"><span className="report-figure-label">Trong đó đang giữ (sách đặt trước)</span><span className="report-figure-value">{formatNumber(t.held)}</span></div>}
    </div>
  );
}

/** The scanning desk of an open stocktake: scans wherever focus is, a typed-code box, progress, closing. */
function ActiveStocktake({ id, onDone }: { id: number; onDone: () => void }) {
  const { can } = useSession();
  // Ban giám hiệu and Kế toán follow the progress; only who may scan gets the scanning box, only who manages closes.
  const canScan = can('stocktake.scan');
  const progress = useLoad(() => call('stocktake.progress', { stocktakeId: id }), [id]);
  const [last, setLast] = useState<{ kind: 'ok' | 'extra' | 'error' | 'dup'; text: string } | null>(null);
  const [typed, setTyped] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [closed, setClosed] = useState<StocktakeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (refresh.current) clearTimeout(refresh.current); }, []);

  const scan = async (code: string) => {
    if (!code.trim() || closed || !canScan) return;
    try {
      const r: StocktakeScanResult = await call('stocktake.scan', { stocktakeId: id, code });
      setLast({ kind: r.duplicate ? 'dup' : r.result === 'present' ? 'ok' : 'extra', text: r.duplicate ? `Đã quét rồi (tính một lần) — ${r.message}` : r.message });
    } catch (e) {
      setLast({ kind: 'error', text: errorMessage(e) });
    }
    // Many scans a second: refresh the counts once the burst settles.
    if (refresh.current) clearTimeout(refresh.current);
    refresh.current = setTimeout(() => void progress.reload(), 250);
  };
  useScanner((code) => void scan(code));

  const close = async () => {
    setError(null);
    try {
      setClosed(await call('stocktake.close', { stocktakeId: id }));
      setConfirming(false);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const p = progress.data;
  if (closed) {
    return (
      <section className="panel" aria-label="Kết quả kiểm kê">
        <h2>Đã kết thúc: {closed.stocktake.name}</h2>
        <Totals t={closed.totals} />
        <SeriesTable rows={closed.series} open={false} />
        <PrintButtons stocktakeId={id} />
        <div className="row stocktake-actions"><button type="button" onClick={onDone}>Về danh sách đợt kiểm kê</button></div>
      </section>
    );
  }
  return (
    <section className="panel" aria-label="Đang kiểm kê">
      <h2>Đang kiểm kê: {p?.stocktake.name ?? ''}</h2>
      {p && <p className="muted">Năm học {p.stocktake.schoolYear} · Phạm vi: {scopeLabel(p.stocktake)} · Bắt đầu {day(p.stocktake.startedAt)}</p>}
      <div className={`last-action ${last ? (last.kind === 'ok' ? 'last-ok' : last.kind === 'extra' ? 'stocktake-extra' : last.kind === 'error' ? 'last-error' : 'last-info') : 'last-idle'}`}
        role="status" aria-live="polite" data-testid="last-scan">
        {last?.text ?? 'Quét mã vạch từng bản sách trên kệ (ở bất kỳ đâu trên màn hình), hoặc gõ số ĐKCB rồi nhấn Enter.'}
      </div>
      {canScan && <div className="row">
        <Field label="Nhập mã bằng tay">
          <input aria-label="Nhập mã bằng tay" value={typed} onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); const c = typed; setTyped(''); void scan(c); } }} />
        </Field>
        <button type="button" disabled={!typed.trim()} onClick={() => { const c = typed; setTyped(''); void scan(c); }}>Ghi nhận</button>
      </div>}
      {progress.error && <Notice kind="error">{progress.error}</Notice>}
      {p && (
        <>
          <Totals t={p.stocktake.counts} open />
          <SeriesTable rows={p.series} open />
          <h3>Vừa quét</h3>
          <table className="data" aria-label="Vừa quét">
            <thead><tr><th>Số ĐKCB</th><th>Nhan đề</th><th>Kết quả</th><th>Ghi chú</th></tr></thead>
            <tbody>
              {p.recent.map((r) => (
                <tr key={r.id}>
                  <td>{r.code}</td><td>{r.title ?? ''}</td>
                  <td>{r.result === 'present' ? <span className="badge badge-ok">Còn</span> : <span className="badge badge-warn">Thừa</span>}</td>
                  <td>{r.condition}</td>
                </tr>
              ))}
              {p.recent.length === 0 && <tr><td colSpan={4} className="muted">Chưa quét bản nào.</td></tr>}
            </tbody>
          </table>
        </>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {confirming ? (
        <div className="panel stocktake-confirm" role="alertdialog" aria-label="Xác nhận kết thúc kiểm kê">
          <p>
            Kết thúc đợt kiểm kê? {p ? `${formatNumber(p.stocktake.counts.missing)} bản chưa thấy sẽ được ghi là Mất; ${formatNumber(p.stocktake.counts.onLoan)} bản đang cho mượn được tính là Còn.` : ''}
            {' '}Sau khi kết thúc không quét thêm được. Sách mất không bị xuất khỏi kho (việc đó làm bằng biên bản xuất sách).
          </p>
          <div className="row">
            <button type="button" className="danger" onClick={() => void close()}>Xác nhận kết thúc</button>
            <button type="button" onClick={() => setConfirming(false)}>Quay lại quét tiếp</button>
          </div>
        </div>
      ) : (
        <div className="row stocktake-actions">
          {can('stocktake.close') && <button type="button" className="primary" onClick={() => setConfirming(true)}>Kết thúc kiểm kê…</button>}
          <PrintButtons stocktakeId={id} />
          <button type="button" onClick={onDone}>Về danh sách</button>
        </div>
      )}
    </section>
  );
}

function ClosedStocktake({ id, onDone }: { id: number; onDone: () => void }) {
  const { data, error } = useLoad(() => call('stocktake.report', { stocktakeId: id }), [id]);
  return (
    <section className="panel" aria-label="Kết quả kiểm kê">
      <h2>{data?.stocktake.name ?? 'Kết quả kiểm kê'}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {data && (
        <>
          <p className="muted">Năm học {data.stocktake.schoolYear} · Phạm vi: {scopeLabel(data.stocktake)} · {day(data.stocktake.startedAt)} – {day(data.stocktake.closedAt)}</p>
          <Totals t={data.totals} />
          <SeriesTable rows={data.series} open={false} />
        </>
      )}
      <PrintButtons stocktakeId={id} />
      <div className="row stocktake-actions"><button type="button" onClick={onDone}>Về danh sách đợt kiểm kê</button></div>
    </section>
  );
}

export function StocktakeScreen() {
  const { can } = useSession();
  const list = useLoad(() => call('stocktake.list', {}));
  const [selected, setSelected] = useState<StocktakeDto | null>(null);
  const [starting, setStarting] = useState(false);
  const back = () => { setSelected(null); void list.reload(); };
  return (
    <div>
      <ScreenHeader title="Kiểm kê">
        {!selected && !starting && can('stocktake.start') && <button type="button" className="primary" onClick={() => setStarting(true)}>Bắt đầu đợt kiểm kê mới</button>}
      </ScreenHeader>
      {selected ? (
        selected.status === 'open' ? <ActiveStocktake id={selected.id} onDone={back} /> : <ClosedStocktake id={selected.id} onDone={back} />
      ) : (
        <>
          {starting && <StartForm onStarted={(s) => { setStarting(false); setSelected(s); }} />}
          {list.error && <Notice kind="error">{list.error}</Notice>}
          <table className="data" aria-label="Các đợt kiểm kê">
            <thead>
              <tr>
                <th>Đợt kiểm kê</th><th>Năm học</th><th>Phạm vi</th><th>Bắt đầu</th><th>Kết thúc</th>
                <th className="num">Còn</th><th className="num">Mất</th><th className="num">Thừa</th><th>Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((s) => (
                <tr key={s.id} className="clickable" onClick={() => setSelected(s)}>
                  <td>{s.name}</td><td>{s.schoolYear}</td><td>{scopeLabel(s)}</td><td>{day(s.startedAt)}</td><td>{day(s.closedAt)}</td>
                  <td className="num">{formatNumber(s.counts.present)}</td><td className="num">{formatNumber(s.counts.missing)}</td>
                  <td className="num">{formatNumber(s.counts.extra)}</td>
                  <td>{s.status === 'open' ? <span className="badge badge-warn">Đang kiểm kê</span> : <span className="badge badge-ok">Đã kết thúc</span>}</td>
                </tr>
              ))}
              {list.data?.length === 0 && <tr><td colSpan={9} className="muted">Chưa có đợt kiểm kê nào.</td></tr>}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
