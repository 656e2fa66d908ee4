// Refuses stage settings that must not reach a production stage: a placeholder or open CORS origin, a placeholder e-mail.
import type { StageSettings } from '../../config/stages.js';

/** Names reserved for documentation and tests (RFC 2606, RFC 6761): never a real frontend or mailbox. */
const RESERVED_HOST = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

export class StageSettingsError extends Error {
  override name = 'StageSettingsError';
}

const hostOf = (origin: string): string => new URL(origin).hostname;

/**
 * A stage that protects its data is production: its CORS origins are the real frontends (https, no `*`, no
 * placeholder) or none at all, and its alarm e-mail is a real mailbox. Synth (and so deploy) stops otherwise.
 */
export function checkStageSettings(stage: StageSettings, alarmEmail: string | undefined): void {
  if (!stage.protectData) return;
  const fix = `set the real value with -c corsAllowedOrigins=https://app.your-domain (or none) for stage ${stage.name}`;
  for (const origin of stage.corsAllowedOrigins) {
    if (origin === '*') throw new StageSettingsError(`CORS origin * is not allowed in ${stage.name}: ${fix}`);
    if (!URL.canParse(origin) || new URL(origin).protocol !== 'https:') {
      throw new StageSettingsError(`CORS origin "${origin}" must be an https origin in ${stage.name}: ${fix}`);
    }
    if (RESERVED_HOST.test(hostOf(origin))) {
      throw new StageSettingsError(`CORS origin "${origin}" is a placeholder: ${fix}`);
    }
  }
  const domain = alarmEmail?.split('@').pop();
  if (domain !== undefined && RESERVED_HOST.test(domain)) {
    throw new StageSettingsError(
      `alarm e-mail "${alarmEmail}" is a placeholder: pass the on-call address with -c alarmEmail=...`,
    );
  }
}
