/**
 * The node card's words stay inside the card: the role beside the title
 * shortens before it would run past the edge, and every body line is cut to
 * the characters the card holds.
 */
import { describe, expect, it } from 'vitest';
import {
  CARD_FONTS,
  fit,
  lineChars,
  NARROW_CARD_FONTS,
  roleLabel,
} from '../../../src/components/sim/views/board-text.ts';
import { BOARD_W } from '../../../src/components/sim/views/boards.ts';

describe('node card text', () => {
  it('cuts a line to the room it has, marking the cut', () => {
    expect(fit('lag 3 · queue 1', 30)).toBe('lag 3 · queue 1');
    expect(fit('alice = "a very long value here"', 12)).toBe('alice = "a …');
    expect(fit('alice = "a very long value here"', 12)).toHaveLength(12);
  });

  it('a full-width card holds about 21 body characters, a narrow one more at its smaller font', () => {
    expect(lineChars(BOARD_W, CARD_FONTS)).toBe(21);
    expect(lineChars(BOARD_W, NARROW_CARD_FONTS)).toBeGreaterThan(lineChars(BOARD_W, CARD_FONTS));
  });

  it('keeps the whole role when it fits', () => {
    expect(roleLabel({ node: 'f1', role: 'follower', up: true, epoch: 2 }, BOARD_W)).toBe('follower · e2');
    expect(roleLabel({ node: 'f1', role: 'leader', up: false, epoch: 3 }, BOARD_W)).toBe('down (leader) · e3');
  });

  it('drops the old role, then the epoch, as the name beside it grows', () => {
    const down = (node: string, epoch = 12) => roleLabel({ node, role: 'follower', up: false, epoch }, BOARD_W);
    expect(down('f1')).toBe('down · e12');
    expect(down('replica-eu')).toBe('down');
    const up = roleLabel({ node: 'replica-eu', role: 'follower', up: true, epoch: 12 }, BOARD_W);
    expect(up).toBe('follower');
  });

  it('never returns more characters than fit beside a title of up to ten characters', () => {
    for (const node of ['a', 'f1', 'leader', 'replica-eu'])
      for (const up of [true, false])
        for (const epoch of [0, 3, 120]) {
          const label = roleLabel({ node, role: 'follower', up, epoch }, BOARD_W);
          const usedPx = node.length * 14 * 0.62 + 8 + label.length * 11.5 * 0.56;
          expect(usedPx, `${node} up=${up} e${epoch}: ${label}`).toBeLessThanOrEqual(BOARD_W - 20);
        }
    // a name too long for any role keeps a stub, never an empty corner
    expect(roleLabel({ node: 'frankfurt-replica-2', role: 'leader', up: false, epoch: 1 }, BOARD_W)).toBe('down');
  });
});
