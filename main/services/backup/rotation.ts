import { addDays, todayIso, weekday } from '../../../shared/dates';

/** How many backups to keep: the newest of each of the last `daily` days, `weekly` weeks and `monthly` months. */
export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface RotatedBackup {
  file: string;
  /** ISO date-time. */
  at: string;
}

/** Monday of the local week of a local ISO day. */
function weekOf(day: string): string {
  return addDays(day, -((weekday(day) + 6) % 7));
}

/**
 * Grandfather-father-son rotation, a pure function of the verified backups and the policy: walking
 * from the newest, the first backup seen in each new local day is kept until `daily` days have one,
 * likewise per week (Monday to Sunday) and per month. Everything else may be deleted. With daily
 * runs this keeps at most daily + weekly + monthly files, the oldest about `monthly` months back.
 */
export function planRotation(backups: RotatedBackup[], policy: RotationPolicy): { keep: string[]; remove: string[] } {
  const newestFirst = [...backups].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const keep = new Set<string>();
  const buckets: { limit: number; key: (day: string) => string; seen: Set<string> }[] = [
    { limit: policy.daily, key: (day) => day, seen: new Set() },
    { limit: policy.weekly, key: weekOf, seen: new Set() },
    { limit: policy.monthly, key: (day) => day.slice(0, 7), seen: new Set() },
  ];
  for (const b of newestFirst) {
    const day = todayIso(new Date(b.at));
    for (const bucket of buckets) {
      const key = bucket.key(day);
      if (bucket.seen.has(key) || bucket.seen.size >= bucket.limit) continue;
      bucket.seen.add(key);
      keep.add(b.file);
    }
  }
  return { keep: newestFirst.filter((b) => keep.has(b.file)).map((b) => b.file), remove: newestFirst.filter((b) => !keep.has(b.file)).map((b) => b.file) };
}
