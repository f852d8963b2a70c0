/** "#/bien-muc/12" → ["bien-muc", "12"]: the screen id, then whatever that screen reads. */
export function hashParams(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
}

/** Opens a screen (and optional sub-path), e.g. navigate('bien-muc', String(titleId)). */
export function navigate(screen: string, ...rest: string[]): void {
  window.location.hash = `#/${[screen, ...rest].map(encodeURIComponent).join('/')}`;
}
