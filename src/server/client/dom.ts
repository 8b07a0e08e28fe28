/**
 * The one DOM helper the cohort pages (account, dashboard) build their markup
 * with: served as is to the browser, like the other files in this folder.
 */

/** Makes an element; `props` are assigned as properties (so text is never parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}
