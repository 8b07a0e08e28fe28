/**
 * Build-time Markdown for the short texts that live in YAML rather than in a
 * lesson (exercise tasks and hints): the same Sätteri processor and code
 * themes the lessons use, so `**`code`**`, links and numbered lists render as
 * they do in a lesson, plus a sanitising pass, because that HTML is set with
 * `set:html` / `dangerouslySetInnerHTML` and nothing else stands between the
 * YAML and the page.
 */
import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import type { MdastPluginDefinition } from 'satteri';
import { CODE_THEMES } from './code-themes.ts';

/**
 * Schemes a link may use. Everything else (javascript:, data:, vbscript:, …) is
 * dropped; a relative URL or a fragment has no scheme and is kept.
 */
const SAFE_SCHEME = /^(?:https?|mailto):/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme (`java\tscript:`), so judge it without them.
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return SAFE_SCHEME.test(squeezed) || !HAS_SCHEME.test(squeezed);
}

/**
 * Raw HTML becomes visible text (the author sees their mistake instead of the
 * page running it); an unsafe link keeps its text and loses its target. Images
 * become their alt text: the Astro image pipeline that would process them does
 * not run for these strings, and a task has no need for pictures.
 */
const sanitise: MdastPluginDefinition = {
  name: 'workbook-sanitise-yaml-markdown',
  html(node, ctx) {
    ctx.replaceNode(node, { type: 'text', value: node.value });
  },
  link(node, ctx) {
    if (!isSafeUrl(node.url)) ctx.replaceNode(node, node.children as never);
  },
  definition(node, ctx) {
    if (!isSafeUrl(node.url)) ctx.setProperty(node, 'url', '#');
  },
  image(node, ctx) {
    ctx.replaceNode(node, { type: 'text', value: node.alt ?? '' });
  },
  imageReference(node, ctx) {
    ctx.replaceNode(node, { type: 'text', value: node.alt ?? '' });
  },
};

let processor: ReturnType<typeof createSatteriMarkdownProcessor> | undefined;

/** Markdown to sanitised HTML (block level: paragraphs, lists, code). */
export async function renderMarkdown(text: string): Promise<string> {
  processor ??= createSatteriMarkdownProcessor({
    shikiConfig: { themes: CODE_THEMES },
    mdastPlugins: [sanitise],
  });
  const { code } = await (await processor).render(text);
  return code;
}
