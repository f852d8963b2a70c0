import { AppError } from '../../../shared/errors';

/** Placeholder while the accounts handlers land (issue 20): the contract is on main first so the screens can be built. */
export function notReady(): never {
  throw new AppError('NOT_READY', 'Chức năng tài khoản đang được hoàn thiện.');
}
