import type { ComponentType } from 'react';
import { CatalogueScreen } from './catalogue/CatalogueScreen';
import { StockScreen } from './stock/StockScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { LabelsScreen } from './labels/LabelsScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { CirculationScreen } from './circulation/CirculationScreen';
import { ReadersScreen } from './readers/ReadersScreen';
import { StocktakeScreen } from './stocktake/StocktakeScreen';
import { AuditScreen } from './audit/AuditScreen';
import { DigitalScreen } from './digital/DigitalScreen';
import { PlanScreen } from './plan/PlanScreen';

export interface ScreenEntry {
  id: string;
  label: string;
  icon: string;
  component: ComponentType;
}

/** The navigation, in the librarian's order of daily use. */
export const screens: ScreenEntry[] = [
  { id: 'luu-thong', label: 'Lưu thông', icon: '⇄', component: CirculationScreen },
  { id: 'bien-muc', label: 'Biên mục', icon: '☰', component: CatalogueScreen },
  { id: 'ban-doc', label: 'Bạn đọc', icon: '☺', component: ReadersScreen },
  { id: 'nhap-xuat', label: 'Nhập/Xuất sách', icon: '⇅', component: StockScreen },
  { id: 'in-nhan', label: 'In nhãn & thẻ', icon: '▦', component: LabelsScreen },
  { id: 'so-sach', label: 'Sổ sách & Báo cáo', icon: '▤', component: ReportsScreen },
  { id: 'thu-vien-so', label: 'Thư viện số', icon: '◫', component: DigitalScreen },
  { id: 'ke-hoach', label: 'Kế hoạch mua sắm', icon: '₫', component: PlanScreen },
  { id: 'kiem-ke', label: 'Kiểm kê', icon: '✓', component: StocktakeScreen },
  { id: 'nhat-ky', label: 'Nhật ký', icon: '✎', component: AuditScreen },
  { id: 'cai-dat', label: 'Cài đặt', icon: '⚙', component: SettingsScreen },
];
