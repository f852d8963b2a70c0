import type { reservationsContract } from '../../../shared/contract/reservations';
import { currentActor } from '../../db/actor';
import type { HandlersFor } from '../handler-types';
import { arrivalNotices, holdSlips } from './print';
import { cancelReservation, copiesToPull, listReservations, placeReservation } from './reservations';

export const reservationsHandlers: HandlersFor<typeof reservationsContract> = {
  // At the desk the reservation names the account placing it (the CLI: "Dòng lệnh (…)").
  'reservations.place': async (input, ctx) => placeReservation(ctx, input, currentActor()?.name ?? ''),
  'reservations.cancel': async (input, ctx) => cancelReservation(ctx, input.id, input.reason),
  'reservations.list': async (input, ctx) => listReservations(ctx, input),
  'reservations.toPull': async (_input, ctx) => copiesToPull(ctx),
  'reservations.slipPdf': async (input, ctx) => holdSlips(ctx, input.ids),
  'reservations.noticesPdf': async (input, ctx) => arrivalNotices(ctx, input.className),
};
