import { describe, expect, it } from 'vitest';
import { describeEvent, formatMs, narrate } from '../../../src/components/sim/model/narrate.ts';
import { foldTo } from '../../../src/components/sim/model/fold.ts';
import { small } from './fixtures.ts';

describe('narration', () => {
  it('says what happened, when and to whom', () => {
    const t = small();
    const s = foldTo(t, 13);
    expect(narrate(t.events[12], s)).toBe('t=16 ms: follower B applied LSN 1 (gold = 105)');
    expect(narrate(undefined)).toBe('t=0 ms: start of the run');
    expect(formatMs(12.345)).toBe('12.3 ms');
  });

  it('has a sentence for every event in a trace', () => {
    const t = small();
    for (let i = 0; i < t.events.length; i++) {
      const text = describeEvent(t.events[i]!, foldTo(t, i + 1));
      expect(text.length).toBeGreaterThan(5);
      expect(text).not.toContain('undefined');
    }
  });
});
