import { openUnionDatabase, type UnionDb } from '../../db/union/sql';
import { UnionInputError } from './schools';

/**
 * Opens the district's PostgreSQL for the union server (`--pg postgres://user:password@host:5432/db`).
 * `migrate` (union init) creates or upgrades the schema; otherwise a schema not yet current is refused.
 * Connection failures read in Vietnamese, without the password.
 */
export async function openUnion(url: string, options: { migrate?: boolean; poolSize?: number; migrationsUpTo?: string } = {}): Promise<{ db: UnionDb; applied: string[] }> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UnionInputError('--pg là địa chỉ PostgreSQL dạng postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl.');
  try {
    return await openUnionDatabase(url, options);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const where = url.replace(/\/\/[^@/]*@/, '//');
    if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT') {
      throw new UnionInputError(`Không kết nối được PostgreSQL tại ${where}: máy chủ chưa chạy, sai địa chỉ hoặc bị tường lửa chặn.`);
    }
    if (e.code === '28P01' || e.code === '28000') throw new UnionInputError(`PostgreSQL tại ${where} từ chối người dùng hoặc mật khẩu.`);
    if (e.code === '3D000') throw new UnionInputError(`PostgreSQL tại ${where} không có cơ sở dữ liệu này; hãy tạo nó trước (createdb).`);
    throw error;
  }
}

export async function closeUnion(db: UnionDb): Promise<void> {
  if (db.isInitialized) await db.destroy();
}
