/**
 * Build-time check of the `<Statechart machine="…">` tags in a lesson: each
 * must name a machine in the engine's registry, so a typo fails the build
 * with the lesson file and line, before Astro renders anything.
 */

const TAG = /<Statechart\b([^>]*)>/g;
const MACHINE = /\bmachine\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})/;

/** Problems with the statecharts in one lesson's text; `shown` is the file as messages name it. */
export function statechartErrors(text: string, shown: string, known: readonly string[]): string[] {
  const errors: string[] = [];
  for (const m of text.matchAll(TAG)) {
    const line = text.slice(0, m.index).split('\n').length;
    const attr = MACHINE.exec(m[1] ?? '');
    const id = attr ? (attr[1] ?? attr[2] ?? attr[3]) : undefined;
    if (id === undefined) {
      errors.push(`${shown}:${line}: <Statechart>: machine is required, as a plain string like machine="node"`);
    } else if (!known.includes(id)) {
      errors.push(
        `${shown}:${line}: <Statechart machine="${id}">: there is no machine with that id; known machines: ${known.join(', ')} (src/engine/machines/index.ts)`,
      );
    }
  }
  return errors;
}
