/**
 * Exercise tasks and hints go through the lessons' Markdown pipeline
 * (src/site/markdown.ts): the constructs the old hand-written renderer got
 * wrong render properly, and nothing in the YAML can put markup or a script
 * URL on the page.
 */
import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderMarkdown } from '../../../src/site/markdown.ts';

describe('renderMarkdown', () => {
  it('renders bold around code, a link and a numbered list', async () => {
    const html = await renderMarkdown(
      [
        'Write **`applyBatch(replica, entries)`**; see [the log](../what-the-log-carries/#lsn).',
        '',
        '1. skip what is applied',
        '2. apply the next LSN',
        '3. ask for the gap',
      ].join('\n'),
    );
    expect(html).toContain('<strong><code>applyBatch(replica, entries)</code></strong>');
    expect(html).toContain('<a href="../what-the-log-carries/#lsn">the log</a>');
    expect(html).toMatch(
      /<ol>\s*<li>skip what is applied<\/li>\s*<li>apply the next LSN<\/li>\s*<li>ask for the gap<\/li>\s*<\/ol>/,
    );
  });

  it('keeps a bullet item that wraps onto an indented line as one item', async () => {
    const html = await renderMarkdown(
      '- **precise-fetch**: the follower asks only\n  when entries are missing;\n- two',
    );
    expect(html).toMatch(
      /<li><strong>precise-fetch<\/strong>: the follower asks only\s+when entries are missing;<\/li>/,
    );
    expect(html.match(/<li>/g)).toHaveLength(2);
  });

  it('shows raw HTML as text and drops script URLs and images', async () => {
    const html = await renderMarkdown(
      [
        'Inline <script>alert(1)</script> and <b onclick="x()">bold</b>.',
        '',
        '<img src=x onerror=alert(1)>',
        '',
        '[click](javascript:alert(1)) [ref][r] <javascript:alert(2)> ![pic](x.png "t")',
        '',
        '[r]: jav&#x09;ascript:alert(3)',
      ].join('\n'),
    );
    // no element but Markdown's own, no event handler attribute, no script link (escaped text is fine)
    expect(html).not.toMatch(/<(?:script|img|b)\b|<[^>]*\bon\w+=|href="(?!#")[^"]*script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('click');
    expect(html).toContain('pic');
  });

  it('judges URL schemes the way a browser reads them', () => {
    for (const ok of ['https://example.org', 'mailto:a@b.c', '../x/', '#quiz', '/chapters/'])
      expect(isSafeUrl(ok), ok).toBe(true);
    for (const bad of ['javascript:alert(1)', ' JavaScript:x', 'java\tscript:x', 'data:text/html,x', 'vbscript:x'])
      expect(isSafeUrl(bad), bad).toBe(false);
  });
});
