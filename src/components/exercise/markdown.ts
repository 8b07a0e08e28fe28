/**
 * A deliberately small Markdown renderer for exercise task texts and hints
 * (authored in this repository): paragraphs, `-` lists, `inline code`,
 * **bold** and *emphasis*. Everything is HTML-escaped first, so no markup in
 * the source reaches the page. Runs at build time in Exercise.astro.
 */
function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline Markdown to HTML. */
export function inlineMarkdown(text: string): string {
  const parts = text.split(/(`[^`]+`)/g);
  return parts
    .map((p) =>
      p.startsWith('`') && p.endsWith('`') && p.length > 1
        ? `<code>${escapeHtml(p.slice(1, -1))}</code>`
        : escapeHtml(p)
            .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
            .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>'),
    )
    .join('');
}

/** Block Markdown (paragraphs and bullet lists) to HTML. */
export function blockMarkdown(text: string): string {
  const html: string[] = [];
  for (const block of text.trim().split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines.every((l, i) => /^\s*- /.test(l) || (i > 0 && /^\s{2,}\S/.test(l)))) {
      const items: string[] = [];
      for (const l of lines) {
        if (/^\s*- /.test(l)) items.push(l.replace(/^\s*- /, ''));
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      html.push(`<ul>${items.map((i) => `<li>${inlineMarkdown(i)}</li>`).join('')}</ul>`);
    } else {
      html.push(`<p>${inlineMarkdown(lines.map((l) => l.trim()).join(' '))}</p>`);
    }
  }
  return html.join('\n');
}
