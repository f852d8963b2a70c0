import { useState } from 'react';
import { call } from '../../api';
import { ScreenHeader, useLoad } from '../../ui';
import { ActivitiesTab } from '../activities/ActivitiesTab';
import { PeriodicalsPanel } from '../periodicals/PeriodicalsPanel';
import { RegistersTab } from '../registers/RegistersTab';
import { SelfCheckTab } from '../selfcheck/SelfCheckTab';
import { StatisticsTab } from './StatisticsTab';

type Tab = 'so-sach' | 'thong-ke' | 'tu-danh-gia' | 'hoat-dong' | 'bao-chi';
const TABS: [Tab, string][] = [['so-sach', 'Sổ sách, biên bản'], ['thong-ke', 'Thống kê'], ['tu-danh-gia', 'Tự đánh giá'], ['hoat-dong', 'Hoạt động thư viện'], ['bao-chi', 'Báo, tạp chí']];

/** Sổ sách & Báo cáo (#/so-sach): one tab per domain, each in its own folder (registers, reports, selfcheck, activities, periodicals). */
export function ReportsScreen() {
  const [tab, setTab] = useState<Tab>('so-sach');
  const { data: opts } = useLoad(() => call('registers.options', {}));
  const currentYear = opts?.currentYear ?? '';
  return (
    <div>
      <ScreenHeader title="Sổ sách & Báo cáo" />
      <div className="report-tabs" role="tablist" aria-label="Sổ sách & Báo cáo">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'primary' : ''} onClick={() => setTab(id)}>{label}</button>
        ))}
      </div>
      {tab === 'so-sach' && <RegistersTab />}
      {tab === 'thong-ke' && currentYear && <StatisticsTab years={opts?.years ?? []} currentYear={currentYear} />}
      {tab === 'tu-danh-gia' && currentYear && <SelfCheckTab currentYear={currentYear} />}
      {tab === 'hoat-dong' && currentYear && <ActivitiesTab currentYear={currentYear} />}
      {tab === 'bao-chi' && <PeriodicalsPanel years={opts?.years ?? []} />}
    </div>
  );
}
