/**
 * The lesson check for `<Statechart>` tags: each must name a registered
 * machine, in any of the ways MDX lets an author write a string attribute,
 * and a problem names the file and line.
 */
import { describe, expect, it } from 'vitest';
import { statechartErrors } from '../../../src/site/validate-statecharts.ts';

const FILE = 'content/chapters/02-x/lesson.mdx';

describe('statechartErrors', () => {
  it('accepts registered machines however the string is written', () => {
    const mdx = `# t\n\n<Statechart machine="node" />\n<Statechart machine='node'/>\n<Statechart id="b" machine={"node"} />\n`;
    expect(statechartErrors(mdx, FILE, ['node'])).toEqual([]);
  });

  it('names the file, line and known machines for an unknown id', () => {
    const mdx = `line 1\nline 2\n<Statechart machine="nope" />\n`;
    expect(statechartErrors(mdx, FILE, ['node', 'commit'])).toEqual([
      `${FILE}:3: <Statechart machine="nope">: there is no machine with that id; known machines: node, commit (src/engine/machines/index.ts)`,
    ]);
  });

  it('asks for a plain string when the machine is missing or computed', () => {
    expect(statechartErrors('<Statechart />', FILE, ['node'])[0]).toContain(
      `${FILE}:1: <Statechart>: machine is required`,
    );
    expect(statechartErrors('<Statechart machine={id} />', FILE, ['node'])).toHaveLength(1);
  });
});
