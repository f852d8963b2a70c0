// Types only: main validates every call against the zod contract (dispatch), the renderer does not, so zod stays
// out of the web bundle; the values screens show come from shared/contract/enums (eslint enforces both).
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '@shared/contract';
import type { AppErrorData, Result } from '@shared/errors';
import { SESSION_HEADER } from '@shared/ipc';

/** What the Electron preload exposes (contextBridge): the contract's invoke and the push events. */
interface Bridge {
  /** `session`: the desk session (issue 20), carried in the IPC envelope. */
  invoke(method: string, input: unknown, session?: string | null): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    kesach?: Bridge;
  }
}

export class ApiError extends Error implements AppErrorData {
  constructor(readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

const TOKEN_KEY = 'kesach.token';

/** Browser mode: the token arrives once in the URL (?token=…), is kept for the tab and removed from the address bar. */
function httpToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export const isElectron = typeof window !== 'undefined' && !!window.kesach;

// Taken as soon as the app loads, so a quick navigation cannot lose the token still in the URL.
const token: string = isElectron ? '' : httpToken();
function getToken(): string {
  return token;
}

let accessDenied: string | null = null;
const accessListeners = new Set<(message: string) => void>();

/**
 * Browser mode: the server refused the token (missing, or from an earlier run). Nothing on any
 * screen can load after that, so the app shows this message instead of its screens.
 */
export function onAccessDenied(listener: (message: string) => void): () => void {
  accessListeners.add(listener);
  if (accessDenied) listener(accessDenied);
  return () => accessListeners.delete(listener);
}

function denyAccess(message: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (accessDenied) return;
  accessDenied = message;
  accessListeners.forEach((l) => l(message));
}

const SESSION_KEY = 'kesach.session';
/** The desk session (issue 20): kept for this window or tab only, sent with every call; none = "open straight in". */
let session: string | null = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem(SESSION_KEY) : null;

/** The signed-in session, or null. Screens rarely need it: call() sends it and keeps it up to date. */
export function currentSession(): string | null {
  return session;
}

/** Sets (or with null forgets) the session every later call carries. call() does it after sign-in and sign-out. */
export function setSession(token: string | null): void {
  session = token;
  if (token) sessionStorage.setItem(SESSION_KEY, token);
  else sessionStorage.removeItem(SESSION_KEY);
}

const signInListeners = new Set<(message: string) => void>();
/**
 * A call was refused with SIGN_IN_REQUIRED (no session and "open straight in" off, or the session ended — a restart
 * signs everyone out): the app shows the sign-in screen. Returns the unsubscribe function.
 */
export function onSignInRequired(listener: (message: string) => void): () => void {
  signInListeners.add(listener);
  return () => signInListeners.delete(listener);
}

/** Methods whose answer carries a new session: call() keeps it. */
const SIGNING_IN = new Set(['session.signIn', 'session.signInWithPassword', 'session.setUp', 'session.recover']);

async function invokeRaw(method: string, input: unknown): Promise<Result<unknown>> {
  const result = await send(method, input);
  if (result.ok && SIGNING_IN.has(method)) setSession((result.value as { session: string }).session);
  // The Thủ thư adding the first other account without a session (open straight in ended): the session it gives her.
  if (result.ok && method === 'accounts.add' && !session) {
    const given = (result.value as { session?: string }).session;
    if (given) setSession(given);
  }
  if (method === 'session.signOut') setSession(null);
  if (!result.ok && result.code === 'SIGN_IN_REQUIRED') {
    setSession(null);
    signInListeners.forEach((l) => l(result.message));
  }
  return result;
}

async function send(method: string, input: unknown): Promise<Result<unknown>> {
  if (window.kesach) return window.kesach.invoke(method, input, session);
  const res = await fetch(`/api/call/${encodeURIComponent(method)}`, {
    method: 'POST',
    // The run token says "this is Kệ Sách's own page"; the session says who is signed in at the desk.
    headers: { 'content-type': 'application/json', 'x-kesach-token': getToken(), ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify(input ?? {}),
  });
  let body: Result<unknown>;
  try {
    body = (await res.json()) as Result<unknown>;
  } catch {
    body = { ok: false, code: 'BAD_RESPONSE', message: `Máy chủ Kệ Sách trả lời không đúng (mã ${res.status}). Hãy khởi động lại Kệ Sách rồi mở lại địa chỉ nó in ra.` };
  }
  if (res.status === 401) {
    const message = !body.ok && body.message ? body.message : 'Thiếu hoặc sai mã truy cập. Hãy mở lại đúng địa chỉ mà Kệ Sách in ra khi khởi động.';
    denyAccess(message);
    return { ok: false, code: 'UNAUTHORIZED', message };
  }
  return body;
}

/** Calls one contract method; throws ApiError with the Vietnamese message on failure. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await invokeRaw(method, input);
  if (!result.ok) throw new ApiError(result.code, result.message, result.details);
  return result.value as MethodOutput<M>;
}

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;

/** Subscribes to a push event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (window.kesach) return window.kesach.on(event, listener as Listener);
  if (!source) {
    source = new EventSource(`/api/events?token=${encodeURIComponent(getToken())}`);
  }
  let set = listeners.get(event);
  if (!set) {
    set = new Set();
    listeners.set(event, set);
    source.addEventListener(event, (e) => {
      const payload = JSON.parse((e as MessageEvent).data);
      listeners.get(event)?.forEach((l) => l(payload));
    });
  }
  set.add(listener as Listener);
  return () => set!.delete(listener as Listener);
}

/** URL to open or download a generated file (browser mode). */
export function fileUrl(fileName: string, download = false): string {
  return `/api/files/${encodeURIComponent(fileName)}?token=${encodeURIComponent(getToken())}${download ? '&download=1' : ''}`;
}

/**
 * Browser mode: a two-minute address of a generated file or a digital resource (`/files/<id>/<name>`), asked for with
 * the token in a header.
 * What opens in a new tab or lands in the downloads list then never carries the token (copied, bookmarked, shared).
 */
export async function fileLink(fileName: string | { digitalId: number }, download = false): Promise<string> {
  const target = typeof fileName === 'string' ? { fileName } : fileName;
  const res = await fetch('/api/file-links', {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-kesach-token': getToken() }, body: JSON.stringify({ ...target, download }),
  });
  const body = (await res.json().catch(() => ({ ok: false, message: `Không mở được tệp (mã ${res.status}).` }))) as { ok: boolean; value?: { href: string }; code?: string; message?: string };
  if (!res.ok || !body.value) throw new ApiError(body.code ?? 'FILE_FAILED', body.message ?? 'Không mở được tệp.');
  return body.value.href;
}

/**
 * Where the page reads a digital resource's bytes (preview, player, download): the HTTP transport with the
 * token in browser mode, the app's own scheme in the desktop app. By id only; byte ranges work on both.
 */
export function digitalUrl(id: number, download = false): string {
  if (isElectron) return `app://kesach/digital/${id}${download ? '?download=1' : ''}`;
  return `/api/digital/${id}?token=${encodeURIComponent(getToken())}${download ? '&download=1' : ''}`;
}
