import crypto from 'node:crypto';
import { cleanText } from '../../../shared/text';
import {
  activeKeyCount, insertKey, insertSchool, revokeKeys, schoolByName, schoolList, schoolOfKey, writeUnionLog, type PushingSchool,
} from '../../db/union/queries';
import { unionSql, unionTransaction, type UnionDb } from '../../db/union/sql';

/**
 * The district's schools and their keys (union server side). A key is 32 random bytes (base64url, 43
 * characters), shown once and stored only as its SHA-256. A fast hash is enough here: slow hashes
 * (scrypt, bcrypt) protect guessable passwords, and a 256-bit random key cannot be guessed, whatever
 * the hash costs; an unsalted SHA-256 also lets the server find the school from the key in one indexed
 * lookup, without knowing which school is calling.
 */

export class UnionInputError extends Error {}

export function hashKey(key: string): Buffer {
  return crypto.createHash('sha256').update(key.trim(), 'utf8').digest();
}

function schoolName(raw: string): string {
  const name = cleanText(raw);
  if (!name) throw new UnionInputError('Hãy ghi tên trường (--name "THCS An Vĩnh").');
  if (name.length > 200) throw new UnionInputError('Tên trường dài quá 200 ký tự.');
  return name;
}

/**
 * Registers a school and returns its new key. A school already registered gets a new key only when all
 * its keys were revoked (its records stay): a second live key is refused.
 */
export async function addSchool(db: UnionDb, rawName: string, actor: string): Promise<{ school: string; key: string; renewed: boolean }> {
  const name = schoolName(rawName);
  const key = crypto.randomBytes(32).toString('base64url');
  return unionTransaction(db, async (tx) => {
    let school = await schoolByName(tx, name);
    const renewed = !!school;
    if (school && (await activeKeyCount(tx, school.id)) > 0) {
      throw new UnionInputError(`Trường "${name}" đã có khoá đang dùng. Muốn cấp khoá mới, hãy thu hồi khoá cũ trước (union revoke-key --name "${name}").`);
    }
    school ??= await insertSchool(tx, name);
    await insertKey(tx, school.id, hashKey(key));
    await writeUnionLog(tx, { schoolId: school.id, actor, action: renewed ? 'key.renew' : 'school.add' });
    return { school: name, key, renewed };
  });
}

/** Revokes the school's keys: its pushes get 401 from now on; its records stay in the union. */
export async function revokeSchoolKey(db: UnionDb, rawName: string, actor: string): Promise<{ school: string; revoked: number }> {
  const name = schoolName(rawName);
  return unionTransaction(db, async (tx) => {
    const school = await schoolByName(tx, name);
    if (!school) throw new UnionInputError(`Không có trường "${name}" trong mục lục liên hợp.`);
    const revoked = await revokeKeys(tx, school.id);
    if (revoked > 0) await writeUnionLog(tx, { schoolId: school.id, actor, action: 'key.revoke', detail: { revoked } });
    return { school: name, revoked };
  });
}

export interface UnionSchool {
  school: string;
  titles: number;
  copies: number;
  /** ISO timestamp of the last push received, or null. */
  lastPush: string | null;
}

/** `GET /api/schools`: what the union holds of each school. */
export async function listSchools(db: UnionDb): Promise<UnionSchool[]> {
  return (await schoolList(unionSql(db))).map((r) => ({
    school: r.name, titles: r.titles, copies: r.copies, lastPush: r.last_push ? r.last_push.toISOString() : null,
  }));
}

/** For the CLI: also whether the school can push (a live key) and the cursor stored. */
export async function listSchoolsForAdmin(db: UnionDb): Promise<(UnionSchool & { canPush: boolean; cursor: number })[]> {
  return (await schoolList(unionSql(db))).map((r) => ({
    school: r.name, titles: r.titles, copies: r.copies, lastPush: r.last_push ? r.last_push.toISOString() : null,
    canPush: r.live_keys > 0, cursor: Number(r.cursor),
  }));
}

/** The school a key opens (not revoked), or null. */
export async function schoolOf(db: UnionDb, key: string): Promise<PushingSchool | null> {
  if (!key) return null;
  return schoolOfKey(unionSql(db), hashKey(key), false);
}
