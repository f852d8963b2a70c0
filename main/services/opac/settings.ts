import os from 'node:os';
import path from 'node:path';
import { opacSettings, type NetworkInterfaceDto, type OpacSettings, type OpacStatus } from '../../../shared/contract/opac';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import { putSettingValue, settingValue } from '../../db/queries/settings';
import { transaction, type Sql } from '../../db/sql';
import { exportFileName } from '../../pdf/document';
import { drawOpacPoster } from '../../pdf/opac-poster';
import { exportsDirIn } from '../../paths';
import type { DatabaseHolder, ServiceContext } from '../context';
import { getSchool } from '../settings/school';

/** "Cho phép tra cứu qua mạng nội bộ": off by default; stored as the setting `opac`. */
export function getOpacSettings(sql: Sql): OpacSettings {
  const stored = settingValue(sql, 'opac');
  const parsed = opacSettings.safeParse(stored ? JSON.parse(stored) : {});
  return parsed.success ? parsed.data : opacSettings.parse({});
}

/** The IPv4 addresses of this computer (loopback last), to choose the interface and print the addresses. */
export function ipv4Interfaces(): NetworkInterfaceDto[] {
  const out: NetworkInterfaceDto[] = [];
  for (const [name, list] of Object.entries(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4') out.push({ name: a.internal ? `${name} (chỉ máy này)` : name, address: a.address });
  }
  return out.sort((a, b) => Number(a.address.startsWith('127.')) - Number(b.address.startsWith('127.')));
}

/** Addresses only this computer answers (127.x, ::1, localhost): no phone can open them. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h.startsWith('127.') || h === '::1' || h === 'localhost';
}

/**
 * The addresses pupils type, one per interface the listener answers on that a phone can reach (never
 * 127.0.0.1 nor built from a request's Host): none when it listens on loopback only.
 */
export function opacAddresses(host: string, port: number, interfaces = ipv4Interfaces()): { name: string; url: string }[] {
  if (isLoopback(host)) return [];
  const on = host === '0.0.0.0' ? interfaces.filter((i) => !isLoopback(i.address)) : [{ name: interfaces.find((i) => i.address === host)?.name ?? host, address: host }];
  return on.map((i) => ({ name: i.name, url: `http://${i.address}:${port}/` }));
}

export function opacStatusOf(ctx: ServiceContext): OpacStatus {
  const settings = getOpacSettings(ctx.sql);
  const state = ctx.opac?.state();
  const interfaces = ipv4Interfaces();
  const port = state?.running && state.port ? state.port : settings.port;
  return {
    settings,
    available: !!ctx.opac,
    running: !!state?.running,
    error: state?.error ?? null,
    interfaces,
    addresses: state?.running ? opacAddresses(state.host ?? settings.host, port, interfaces) : [],
    loopbackOnly: isLoopback(state?.running && state.host ? state.host : settings.host),
  };
}

/** Saves the setting (audited), then opens, moves or closes the listener to match it. */
export async function saveOpacSettings(ctx: ServiceContext, input: OpacSettings): Promise<OpacStatus> {
  if (input.host !== '0.0.0.0' && !ipv4Interfaces().some((i) => i.address === input.host)) {
    throw new AppError('OPAC_INTERFACE', `Máy này không có địa chỉ ${input.host}; hãy chọn lại giao diện mạng.`);
  }
  const sql = ctx.sql;
  const before = getOpacSettings(sql);
  transaction(sql, () => {
    putSettingValue(sql, 'opac', JSON.stringify(input), ctx.now());
    writeAudit(sql, { action: 'opac.settings', entity: 'setting', details: { before, after: input }, at: ctx.now() });
  });
  if (ctx.opac) await ctx.opac.apply(input);
  return opacStatusOf(ctx);
}

/** Opens the listener at start when the setting is on (the desktop app and browser mode call this). */
export async function startOpacIfEnabled(ctx: ServiceContext): Promise<void> {
  // A damaged database is not opened (backup/ damage mode): nothing to serve until it is restored.
  if (ctx.damage || !ctx.database.isOpen) return;
  const settings = getOpacSettings(ctx.sql);
  if (settings.enabled && ctx.opac) await ctx.opac.apply(settings);
}

/**
 * The OPAC as a holder of the database (ctx.holders): a restore closes the listener and its thread (its
 * connections to the replaced file go with it) and opens it again from the restored database's setting.
 */
export function opacHolder(ctx: ServiceContext): DatabaseHolder {
  return {
    stop: async () => { await ctx.opac?.close(); },
    start: () => startOpacIfEnabled(ctx),
  };
}

/** Prints the A4 poster with the address as a QR code; refused for an address no phone can open. */
export async function printOpacPoster(ctx: ServiceContext, url: string) {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    host = parsed.hostname;
  } catch {
    throw new AppError('OPAC_POSTER_URL', 'Địa chỉ trên áp phích phải có dạng http://địa-chỉ-máy:cổng/.');
  }
  if (isLoopback(host)) {
    throw new AppError('OPAC_POSTER_LOOPBACK', `Không in áp phích cho địa chỉ ${host}: địa chỉ này chỉ mở được trên chính máy thư viện, `
      + 'điện thoại và máy tính lớp học không vào được. Hãy chọn giao diện mạng Wi-Fi (hoặc cáp mạng) của trường, hoặc "Mọi giao diện mạng", rồi in lại.');
  }
  const school = getSchool(ctx.sql);
  const file = path.join(exportsDirIn(ctx.dataDir), exportFileName('Tra-cuu-thu-vien', 'pdf', ctx.now()));
  const done = await drawOpacPoster({ file, schoolName: school.schoolName, url });
  return { fileName: path.basename(done.path), path: done.path, pages: done.pages, bytes: done.bytes };
}
