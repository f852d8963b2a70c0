import os from 'node:os';
import { refusalMessage, roleHas, type Permission } from '../../shared/accounts';
import { AppError } from '../../shared/errors';
import { currentActor as currentActorOf, type Actor } from '../db/actor';

/** Who a call acts as (db/actor.ts keeps it per call): the transports and programs name theirs here. */
export { actingAs, currentActor, type Actor } from '../db/actor';

/** The CLI acts for whoever runs it on this computer: trusted (no session, every permission), named in the Nhật ký. */
export function cliActor(): Actor {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? '';
  }
  return { accountId: null, name: user ? `Dòng lệnh (${user})` : 'Dòng lệnh', role: null, roleLabel: '' };
}

/**
 * The OPAC acts for a visitor of the school network: "Tra cứu qua mạng (địa chỉ 10.0.0.7)", or for a signed-in teacher
 * (her reservations): "Tra cứu qua mạng: Nguyễn Thị Hà (địa chỉ 10.0.0.7)". It never calls dispatch.
 */
export function opacActor(address: string, readerName = ''): Actor {
  const where = `(địa chỉ ${address.replace(/^::ffff:/, '') || 'không rõ'})`;
  return { accountId: null, name: readerName ? `Tra cứu qua mạng: ${readerName} ${where}` : `Tra cứu qua mạng ${where}`, role: null, roleLabel: '' };
}

/**
 * A second permission some methods check from their input (an override, undoing another's action, approving a plan):
 * refused in the same words as dispatch's check. Programs (the CLI: role null) may do everything.
 */
export function requirePermission(permission: Permission): void {
  const actor = currentActorOf();
  if (actor && actor.role !== null && !roleHas(actor.role, permission)) {
    throw new AppError('FORBIDDEN', refusalMessage(actor.name, actor.role, permission));
  }
}
