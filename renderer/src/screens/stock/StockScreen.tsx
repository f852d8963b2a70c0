import { navigate, useHashTab } from '../../nav';
import { ScreenHeader } from '../../ui';
import { AccessionPanel } from '../accession/AccessionPanel';
import { WithdrawalPanel } from '../withdrawal/WithdrawalPanel';

/**
 * Nhập/Xuất sách (#/nhap-xuat): phiếu nhập (accession/, ĐKCB handed out on confirmation) and biên bản
 * xuất / thanh lý (withdrawal/). A tab container for two domains: its own folder (stock/, like the menu entry),
 * the panels stay in theirs.
 */
export function StockScreen() {
  const tab = useHashTab(['nhap', 'xuat'] as const, 'nhap');
  return (
    <div>
      <ScreenHeader title="Nhập/Xuất sách">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'nhap'} className={tab === 'nhap' ? 'primary' : ''} onClick={() => navigate('nhap-xuat', 'nhap')}>Nhập sách</button>
          <button type="button" role="tab" aria-selected={tab === 'xuat'} className={tab === 'xuat' ? 'primary' : ''} onClick={() => navigate('nhap-xuat', 'xuat')}>Xuất sách</button>
        </div>
      </ScreenHeader>
      {tab === 'nhap' ? <AccessionPanel key="nhap" /> : <WithdrawalPanel key="xuat" />}
    </div>
  );
}
