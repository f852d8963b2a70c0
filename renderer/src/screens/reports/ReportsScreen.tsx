import { call } from '../../api';
import { navigate, useHashTab } from '../../nav';
import { ScreenHeader, useLoad } from '../../ui';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { PeriodicalsPanel } from '../periodicals/PeriodicalsPanel';
import { RegistersPanel } from '../registers/RegistersPanel';
import { SelfCheckPanel } from '../selfcheck/SelfCheckPanel';
import { StatisticsPanel } from './StatisticsPanel';

type Tab = 'so-sach' | 'thong-ke' | 'tu-danh-gia' | 'hoat-dong' | 'bao-chi';
const TABS: [Tab, string][] = [['so-sach', 'Sổ sách, biên bản'], ['thong-ke', 'Thống kê'], ['tu-danh-gia', 'Tự đánh giá'], ['hoat-dong', 'Hoạt động thư viện'], ['bao-chi', 'Báo, tạp chí']];

/**
 * Sổ sách & Báo cáo (#/so-sach, a tab after it: #/so-sach/thong-ke): one tab per domain, each in its own folder
 * (registers, reports, selfcheck, activities, periodicals). The tab lives in the address, so a reload keeps it.
 */
export function ReportsScreen() {
  const tab = useHashTab(TABS.map(([id]) => id), 'so-sach');
  const { data: opts } = useLoad(() => call('registers.options', {}));
  const currentYear = opts?.currentYear ?? '';
  return (
    <div>
      <ScreenHeader title="Sổ sách & Báo cáo" />
      <div className="report-tabs" role="tablist" aria-label="Sổ sách & Báo cáo">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'primary' : ''} onClick={() => navigate('so-sach', id)}>{label}</button>
        ))}
      </div>
      {tab === 'so-sach' && <RegistersPanel />}
      {tab === 'thong-ke' && currentYear && <StatisticsPanel years={opts?.years ?? []} currentYear={currentYear} />}
      {tab === 'tu-danh-gia' && currentYear && <SelfCheckPanel currentYear={currentYear} />}
      {tab === 'hoat-dong' && currentYear && <ActivitiesPanel currentYear={currentYear} />}
      {tab === 'bao-chi' && <PeriodicalsPanel years={opts?.years ?? []} />}
    </div>
  );
}
