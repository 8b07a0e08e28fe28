/**
 * Text shown in a Monaco hover as exactly that text. Monaco renders hover
 * messages as Markdown, so an error message such as `![t](http://…)` (learner
 * code chooses what it throws) would become an image the browser fetches.
 * Every Markdown-significant character is backslash-escaped, and `<` / `&`
 * become entities, so nothing in the message is markup.
 */
export function plainMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~:]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
