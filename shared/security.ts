/**
 * The renderer's Content-Security-Policy, one source for the Electron session, the HTTP transport
 * and the index.html meta tag (both Vite configs write it in at build time).
 * `localFiles` lets the desktop app show reader photos from the data folder (file: images).
 */
export function rendererCsp(options: { localFiles?: boolean; frameAncestors?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${options.localFiles ? ' file:' : ''}`,
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    // frame-ancestors is ignored (and warned about) in a <meta> tag, so only headers carry it.
    ...(options.frameAncestors === false ? [] : ["frame-ancestors 'none'"]),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
