// The memory of verified tokens: used only inside each token's nbf/exp window (with the clock tolerance), bounded.
import { describe, expect, it } from 'vitest';
import { createVerifiedTokens } from '../../src/auth/verifiedTokens.js';

/** A memory on a clock the test sets, in epoch ms; claims carry epoch seconds. */
function memory(maxEntries = 10) {
  const clock = { now: 1_000_000 };
  const tokens = createVerifiedTokens({
    maxEntries,
    maxAgeMs: 3_600_000,
    clockToleranceSeconds: 5,
    now: () => clock.now,
  });
  return { tokens, clock };
}

describe('verified tokens', () => {
  it('answers a token from its nbf minus the tolerance on, not a moment before', () => {
    const { tokens, clock } = memory();
    tokens.remember('t', { sub: 'a', nbf: 1000, exp: 2000 });
    clock.now = 995_000;
    expect(tokens.get('t')).toMatchObject({ sub: 'a' });
    clock.now = 997_500;
    expect(tokens.get('t')).toMatchObject({ sub: 'a' });
    clock.now = 994_999;
    expect(tokens.get('t')).toBeUndefined();
  });

  it('answers a token until its exp plus the tolerance', () => {
    const { tokens, clock } = memory();
    tokens.remember('t', { sub: 'a', exp: 1010 });
    clock.now = 1_014_999;
    expect(tokens.get('t')).toMatchObject({ sub: 'a' });
    clock.now = 1_015_000;
    expect(tokens.get('t')).toBeUndefined();
  });

  it('never keeps a token without exp, so it takes no room from others', () => {
    const { tokens } = memory(1);
    tokens.remember('with-exp', { sub: 'a', exp: 2000 });
    expect(tokens.remember('without-exp', { sub: 'b' })).toEqual({ sub: 'b' });
    expect(tokens.get('without-exp')).toBeUndefined();
    expect(tokens.get('with-exp')).toMatchObject({ sub: 'a' });
  });

  it('hands out frozen claims', () => {
    const { tokens } = memory();
    const kept = tokens.remember('t', { sub: 'a', exp: 2000 });
    expect(Object.isFrozen(kept)).toBe(true);
    expect(tokens.get('t')).toBe(kept);
  });
});
