/**
 * The words on a node card, fitted to the card. SVG text does not wrap or
 * clip, so a long role ("down (follower) · e12"), a skewed clock or a long
 * value would run past the card's edge into its neighbour; each line here is
 * chosen or cut to the characters the card has room for. Pure: the widths are
 * estimates from the card's fonts (sim.css), never measured in the page, so
 * the same state draws the same card everywhere.
 */

/** Average advance of one character, as a share of the font size (mono is exact; the sans figures are a little above DejaVu Sans, the widest of the usual system-ui fonts). */
const MONO_EM = 0.6;
const SANS_EM = 0.56;
const TITLE_EM = 0.62;
/** Left and right padding inside the card, px (the text starts at x + 10). */
const PADDING = 10;
/** The gap kept between the card's title and its role, px. */
const TITLE_GAP = 8;

export interface CardFonts {
  /** Body font size, px (11.5, or 10.5 on a narrow drawing). */
  readonly body: number;
  /** The title's font size, px. */
  readonly title: number;
}

export const CARD_FONTS: CardFonts = { body: 11.5, title: 14 };
export const NARROW_CARD_FONTS: CardFonts = { body: 10.5, title: 14 };

/** How many body characters fit on one line of a card `width` px wide. */
export function lineChars(width: number, fonts: CardFonts = CARD_FONTS): number {
  return Math.max(4, Math.floor((width - 2 * PADDING) / (fonts.body * MONO_EM)));
}

/** `text` cut to `max` characters, the cut marked with an ellipsis. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

export interface RoleInput {
  readonly node: string;
  readonly role: string;
  readonly up: boolean;
  readonly epoch: number;
}

/**
 * The role written at the card's top right, beside its title: the fullest of
 * "down (leader) · e3", "down · e3", "down" (or "follower · e3", "follower")
 * that fits beside the node's name; the epoch is dropped before the role.
 */
export function roleLabel(r: RoleInput, width: number, fonts: CardFonts = CARD_FONTS): string {
  const epoch = r.epoch > 0 ? ` · e${r.epoch}` : '';
  const candidates = r.up ? [`${r.role}${epoch}`, r.role] : [`down (${r.role})${epoch}`, `down${epoch}`, 'down'];
  const titlePx = r.node.length * fonts.title * TITLE_EM;
  const room = Math.floor((width - 2 * PADDING - TITLE_GAP - titlePx) / (fonts.body * SANS_EM));
  return candidates.find((c) => c.length <= room) ?? fit(candidates.at(-1) as string, Math.max(4, room));
}
