import type { ComponentType } from 'react';
import { NotYet } from './NotYet';
import { LabelsScreen } from './labels/LabelsScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { CirculationScreen } from './circulation/CirculationScreen';
import { ReadersScreen } from './readers/ReadersScreen';

export interface ScreenEntry {
  id: string;
  label: string;
  icon: string;
  component: ComponentType;
}

/** The navigation, in the librarian's order of daily use. */
export const screens: ScreenEntry[] = [
  { id: 'luu-thong', label: 'Lưu thông', icon: '⇄', component: CirculationScreen },
  { id: 'bien-muc', label: 'Biên mục', icon: '☰', component: () => <NotYet title="Biên mục" what="Tìm kiếm, thêm và sửa đầu sách; xem các bản sách và tình trạng." /> },
  { id: 'ban-doc', label: 'Bạn đọc', icon: '☺', component: ReadersScreen },
  { id: 'nhap-xuat', label: 'Nhập/Xuất sách', icon: '⇅', component: () => <NotYet title="Nhập/Xuất sách" what="Phiếu nhập sách (cấp số ĐKCB) và biên bản xuất, thanh lý sách." /> },
  { id: 'in-nhan', label: 'In nhãn & thẻ', icon: '▦', component: LabelsScreen },
  { id: 'so-sach', label: 'Sổ sách & Báo cáo', icon: '▤', component: () => <NotYet title="Sổ sách & Báo cáo" what="Sổ đăng ký tổng quát, sổ đăng ký cá biệt, sổ mượn, biên bản, thống kê và tự đánh giá." /> },
  { id: 'kiem-ke', label: 'Kiểm kê', icon: '✓', component: () => <NotYet title="Kiểm kê" what="Quét từng bản sách trên kệ để lập danh sách và biên bản kiểm kê." /> },
  { id: 'cai-dat', label: 'Cài đặt', icon: '⚙', component: SettingsScreen },
];
