/**
 * Where keyboard focus goes after the next render, for both quiz views: a
 * handler sets the target (the new question's heading, the results summary,
 * the submit confirmation, or the ordering button just pressed) and the
 * render that follows moves focus there, once.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

export type FocusTarget = 'question' | 'summary' | 'confirm' | { move: string } | null;

/**
 * Runs after every render: focuses `focus.current` inside `root` and clears it.
 * A moved item whose button in that direction is now disabled (it reached the
 * top or bottom) gets focus on its other button instead, so focus is never lost.
 */
export function useFocusTarget(root: RefObject<HTMLElement>, focus: { current: FocusTarget }): void {
  useEffect(() => {
    const target = focus.current;
    focus.current = null;
    const el = root.current;
    if (!target || !el) return;
    let node: HTMLElement | null = null;
    if (target === 'question') node = el.querySelector('.quiz-qhead');
    else if (target === 'summary') node = el.querySelector('.quiz-summary h3');
    else if (target === 'confirm') node = el.querySelector('.quiz-confirm p');
    else {
      node = el.querySelector(`[data-move="${target.move}"]`);
      if (node instanceof HTMLButtonElement && node.disabled) {
        const [id, dir] = target.move.split(':');
        node = el.querySelector(`[data-move="${id}:${dir === '1' ? '-1' : '1'}"]`);
      }
    }
    node?.focus();
  });
}
