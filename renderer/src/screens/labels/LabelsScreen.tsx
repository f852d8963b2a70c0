import { useState } from 'react';
import { call } from '../../api';
import { hashParams } from '../../nav';
import { Notice, ScreenHeader, useLoad } from '../../ui';
import { CalibrationPanel } from './CalibrationPanel';
import { CardsPanel } from './CardsPanel';
import { LabelsPanel } from './LabelsPanel';
import { TemplatesPanel } from './TemplatesPanel';

type Tab = 'nhan' | 'the' | 'can-chinh' | 'mau';

/** In nhãn & thẻ (#/in-nhan, #/in-nhan/the): one file per tab. */
export function LabelsScreen() {
  const [tab, setTab] = useState<Tab>(() => (hashParams()[1] === 'the' ? 'the' : 'nhan'));
  const sheets = useLoad(() => call('labels.listTemplates', {}));
  const cal = useLoad(() => call('labels.getCalibration', {}));
  const tabs: [Tab, string][] = [['nhan', 'Nhãn sách'], ['the', 'Thẻ thư viện'], ['can-chinh', 'Căn chỉnh máy in'], ['mau', 'Mẫu giấy nhãn']];
  return (
    <>
      <ScreenHeader title="In nhãn & thẻ" />
      <div className="labels-tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'labels-tab labels-tab-active' : 'labels-tab'} onClick={() => setTab(id)}>{label}</button>
        ))}
      </div>
      {(sheets.error || cal.error) && <Notice kind="error">{sheets.error ?? cal.error}</Notice>}
      {sheets.data && tab === 'nhan' && <LabelsPanel sheets={sheets.data} calibration={cal.data} />}
      {tab === 'the' && <CardsPanel calibration={cal.data} />}
      {sheets.data && tab === 'can-chinh' && <CalibrationPanel sheets={sheets.data} calibration={cal.data} onSaved={(c) => cal.setData(c)} />}
      {sheets.data && tab === 'mau' && <TemplatesPanel sheets={sheets.data} reload={() => void sheets.reload()} />}
    </>
  );
}
