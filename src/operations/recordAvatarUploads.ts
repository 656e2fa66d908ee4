// S3's object-created notifications for avatars: the user record learns what storage now holds.
import type { Dependencies } from './types.js';

/** The part of an S3 event notification this reads; a record may lack any of it (it is skipped). */
export interface ObjectCreatedEvent {
  Records: ({ eventSource?: string; s3?: { object?: { key?: unknown } } } | null)[];
}

export const isObjectCreatedEvent = (event: unknown): event is ObjectCreatedEvent => {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => (r as { eventSource?: unknown } | null)?.eventSource === 'aws:s3')
  );
};

/** A record that names no object, or a key that is not valid percent-encoding: logged and skipped, never thrown. */
export type SkippedRecord = (reason: string, record: unknown) => void;

/** The record's object key, decoded as S3 encodes keys in notifications (URL-encoded, spaces as +). */
function objectKeyOf(record: ObjectCreatedEvent['Records'][number]): string | undefined {
  const key = record?.s3?.object?.key;
  if (typeof key !== 'string') return undefined;
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Records each uploaded avatar on its user. Reads the object back rather than trusting the event, so a late or
 * repeated notification records what is stored now; an upload for a user deleted meanwhile is removed.
 */
export async function recordAvatarUploads(
  event: ObjectCreatedEvent,
  { repository, avatars, now }: Pick<Dependencies, 'repository' | 'avatars' | 'now'>,
  skipped: SkippedRecord = () => {},
): Promise<void> {
  if (avatars === undefined) return;
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (key === undefined) {
      skipped('an S3 record without a readable object key', record);
      continue;
    }
    const userId = avatars.userOf(key);
    if (userId === undefined) continue;
    const stored = await avatars.head(userId);
    const avatar = stored === undefined ? undefined : { ...stored, uploadedAt: now().toISOString() };
    const recorded = await repository.setAvatar(userId, avatar, now());
    if (!recorded && stored !== undefined) await avatars.delete(userId);
  }
}
