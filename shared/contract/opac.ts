import { z } from 'zod';
import { empty, fileResult, method } from './define';

/**
 * Tra cứu trực tuyến (OPAC) as the desk sees it: the setting that opens the catalogue to the school
 * network, the addresses it answers on, the poster, the search counts. The OPAC listener itself is
 * not part of this contract: it has its own read-only router (main/server/opac-http.ts).
 */

export const OPAC_DEFAULT_PORT = 8080;

export const opacSettings = z.object({
  enabled: z.boolean().default(false),
  /** The interface to listen on: "0.0.0.0" (every network card) or one IPv4 address of this computer. */
  host: z.string().trim().regex(/^(\d{1,3})(\.\d{1,3}){3}$/, 'Hãy chọn giao diện mạng (một địa chỉ IPv4 của máy này).').default('0.0.0.0'),
  port: z.number({ error: 'Cổng là một số từ 1024 đến 65535.' }).int('Cổng là một số nguyên.')
    .min(1024, 'Cổng là một số từ 1024 đến 65535.').max(65535, 'Cổng là một số từ 1024 đến 65535.').default(OPAC_DEFAULT_PORT),
  /** Purchase suggestions the OPAC takes in a day, from all devices together (0: none). */
  suggestionsPerDay: z.number({ error: 'Số đề xuất mỗi ngày là một số từ 0 đến 1.000.' }).int('Số đề xuất mỗi ngày là một số nguyên.')
    .min(0, 'Số đề xuất mỗi ngày là một số từ 0 đến 1.000.').max(1000, 'Số đề xuất mỗi ngày là một số từ 0 đến 1.000.').default(50),
});
export type OpacSettings = z.infer<typeof opacSettings>;

export const networkInterface = z.object({ name: z.string(), address: z.string() });
export type NetworkInterfaceDto = z.infer<typeof networkInterface>;

export const opacStatus = z.object({
  settings: opacSettings,
  /** Whether this app can run the listener at all (the desktop app and browser mode can; the CLI here cannot). */
  available: z.boolean(),
  running: z.boolean(),
  /** Why the listener is not running although switched on (Vietnamese), or null. */
  error: z.string().nullable(),
  /** The IPv4 addresses of this computer, to choose the interface from. */
  interfaces: z.array(networkInterface),
  /** The address pupils and teachers type, one per network interface it answers on (never a loopback one: no phone reaches it). */
  addresses: z.array(z.object({ name: z.string(), url: z.string() })),
  /** The chosen interface is this computer only (127.x): no phone or other computer can open the OPAC. */
  loopbackOnly: z.boolean(),
});
export type OpacStatus = z.infer<typeof opacStatus>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày có dạng YYYY-MM-DD.');

export const opacContract = {
  'opac.status': method(empty, opacStatus),
  /** Saves the setting and opens, moves or closes the listener accordingly. */
  'opac.saveSettings': method(opacSettings, opacStatus),
  /** A4 poster with the address and its QR code, to pin in classrooms. */
  'opac.printPoster': method(z.object({ url: z.string().regex(/^http:\/\/(\d{1,3})(\.\d{1,3}){3}:\d{1,5}\/$/, 'Địa chỉ tra cứu không hợp lệ.') }), fileResult),
  /** OPAC searches per day between two days (inclusive). */
  'opac.searchCounts': method(z.object({ from: day, to: day }), z.object({
    total: z.number().int(), days: z.array(z.object({ day: z.string(), searches: z.number().int() })),
  })),
};
