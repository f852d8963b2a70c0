/**
 * The OPAC's exact result cache: a class searches the same few words again and again, so the answer
 * to (query, filters, page, signed in or not) is kept — but only while the database is unchanged.
 * `version()` is the read connection's `PRAGMA data_version`, which moves whenever any other
 * connection commits (a loan or return at the desk, a catalogue edit, the OPAC's own counter); the
 * first request after that empties the cache, so an answer ("Còn x/y bản") is never stale.
 * Bounded: the least recently used entry goes first.
 */
export class OpacResultCache<T> {
  private readonly entries = new Map<string, T>();
  private version: number | null = null;
  hits = 0;
  misses = 0;

  constructor(private readonly currentVersion: () => number, readonly maxEntries = 500) {}

  /** The cached answer for `key` if the database has not changed since it was computed, else `compute()` (then kept). */
  get(key: string, compute: () => T): T {
    const version = this.currentVersion();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found); // most recently used last
      this.hits++;
      return found;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Drops one answer (e.g. a computation that failed, so it is tried again). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
