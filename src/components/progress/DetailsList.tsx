/**
 * A folded list of problem details (what could not be read, what an import
 * skipped), capped so a badly damaged file cannot flood the page.
 */
const SHOWN = 20;

export function DetailsList({ summary, items }: { summary: string; items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <details>
      <summary>{summary}</summary>
      <ul>
        {items.slice(0, SHOWN).map((d, i) => (
          <li key={i}>{d}</li>
        ))}
        {items.length > SHOWN && <li>… and {items.length - SHOWN} more</li>}
      </ul>
    </details>
  );
}
