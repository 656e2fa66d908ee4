// S3's object-created notifications for avatars: the user record learns what storage now holds.
import type { Dependencies } from './types.js';

/** The part of an S3 event notification this reads. */
export interface ObjectCreatedEvent {
  Records: { eventSource?: string; s3: { object: { key: string } } }[];
}

export const isObjectCreatedEvent = (event: unknown): event is ObjectCreatedEvent =>
  Array.isArray((event as ObjectCreatedEvent | undefined)?.Records) &&
  (event as ObjectCreatedEvent).Records.every((r) => r.eventSource === 'aws:s3');

/**
 * Records each uploaded avatar on its user. Reads the object back rather than trusting the event, so a late or
 * repeated notification records what is stored now; an upload for a user deleted meanwhile is removed.
 */
export async function recordAvatarUploads(
  event: ObjectCreatedEvent,
  { repository, avatars, now }: Pick<Dependencies, 'repository' | 'avatars' | 'now'>,
): Promise<void> {
  if (avatars === undefined) return;
  for (const record of event.Records) {
    // S3 URL-encodes keys in notifications (spaces as +).
    const userId = avatars.userOf(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')));
    if (userId === undefined) continue;
    const stored = await avatars.head(userId);
    const avatar = stored === undefined ? undefined : { ...stored, uploadedAt: now().toISOString() };
    const recorded = await repository.setAvatar(userId, avatar, now());
    if (!recorded && stored !== undefined) await avatars.delete(userId);
  }
}
