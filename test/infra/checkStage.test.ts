// No placeholder reaches a production stage: synth refuses it, naming the setting and the fix.
import { describe, expect, it } from 'vitest';
import { stages } from '../../config/stages.js';
import { checkStageSettings, StageSettingsError } from '../../infra/lib/checkStage.js';
import { synthStack } from '../helpers/synthStack.js';

const prodWith = (corsAllowedOrigins: string[]) => ({ ...stages.prod, corsAllowedOrigins });

describe('a production stage', () => {
  it('ships with no browser origin rather than a placeholder, and passes the check as shipped', () => {
    expect(stages.prod.corsAllowedOrigins).toEqual([]);
    expect(() => checkStageSettings(stages.prod, undefined)).not.toThrow();
    expect(() => checkStageSettings(prodWith(['https://app.acme-corp.io']), 'oncall@acme-corp.io')).not.toThrow();
  });

  it.each([
    ['https://app.example.com', /placeholder/],
    ['https://app.example.org', /placeholder/],
    ['https://frontend.test', /placeholder/],
    ['https://app.example', /placeholder/],
    ['https://localhost:5173', /placeholder/],
    ['http://app.acme-corp.io', /must be an https origin/],
    ['app.acme-corp.io', /must be an https origin/],
    ['*', /CORS origin \* is not allowed in prod/],
  ])('refuses the CORS origin %s', (origin, message) => {
    expect(() => checkStageSettings(prodWith([origin]), undefined)).toThrow(message);
    expect(() => checkStageSettings(prodWith([origin]), undefined)).toThrow(/-c corsAllowedOrigins=/);
  });

  it('refuses a placeholder alarm e-mail', () => {
    expect(() => checkStageSettings(stages.prod, 'oncall@example.com')).toThrow(StageSettingsError);
    expect(() => checkStageSettings(stages.prod, 'oncall@example.com')).toThrow(/-c alarmEmail=/);
  });

  it('stops the synth, so a deploy never starts with one', () => {
    expect(() => synthStack('prod', { stage: prodWith(['https://app.example.com']) })).toThrow(StageSettingsError);
  });
});

describe('a disposable stage', () => {
  it('may allow any origin', () => {
    expect(stages.dev.corsAllowedOrigins).toEqual(['*']);
    expect(() => checkStageSettings(stages.dev, 'dev@example.com')).not.toThrow();
  });
});
