import type { ComponentType } from 'react';
import type { Permission } from '@shared/accounts';
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
import { AccountsScreen } from './accounts/AccountsScreen';

export interface ScreenEntry {
  id: string;
  label: string;
  icon: string;
  component: ComponentType;
  /** The permission the screen needs: without it the entry is not on the menu (main refuses its calls anyway). */
  permission: Permission;
}

/** The navigation, in the librarian's order of daily use. */
export const screens: ScreenEntry[] = [
  { id: 'luu-thong', label: 'Lưu thông', icon: '⇄', component: CirculationScreen, permission: 'desk.read' },
  { id: 'bien-muc', label: 'Biên mục', icon: '☰', component: CatalogueScreen, permission: 'catalogue.read' },
  { id: 'ban-doc', label: 'Bạn đọc', icon: '☺', component: ReadersScreen, permission: 'readers.read' },
  { id: 'nhap-xuat', label: 'Nhập/Xuất sách', icon: '⇅', component: StockScreen, permission: 'stock.read' },
  { id: 'in-nhan', label: 'In nhãn & thẻ', icon: '▦', component: LabelsScreen, permission: 'labels.print' },
  { id: 'so-sach', label: 'Sổ sách & Báo cáo', icon: '▤', component: ReportsScreen, permission: 'reports.read' },
  { id: 'thu-vien-so', label: 'Thư viện số', icon: '◫', component: DigitalScreen, permission: 'digital.read' },
  { id: 'ke-hoach', label: 'Kế hoạch mua sắm', icon: '₫', component: PlanScreen, permission: 'plan.read' },
  { id: 'kiem-ke', label: 'Kiểm kê', icon: '✓', component: StocktakeScreen, permission: 'stocktake.read' },
  { id: 'nhat-ky', label: 'Nhật ký', icon: '✎', component: AuditScreen, permission: 'audit.read' },
  { id: 'tai-khoan', label: 'Tài khoản', icon: '⚷', component: AccountsScreen, permission: 'accounts.manage' },
  { id: 'cai-dat', label: 'Cài đặt', icon: '⚙', component: SettingsScreen, permission: 'settings.edit' },
];
