/**
 * Statechart extraction: every state and transition of the 'node' machine and
 * of a small test machine is read from the machine's definition, with nesting,
 * initial states, guard names, eventless, delayed and targetless transitions;
 * and the text alternative names them all.
 */
import { describe, expect, it } from 'vitest';
import { machines } from '../../../src/engine/index.ts';
import { ancestry, machineGraph } from '../../../src/components/statechart/graph.ts';
import { describeGraph } from '../../../src/components/statechart/describe.ts';
import { lampMachine } from './test-machine.ts';

const brief = (g: ReturnType<typeof machineGraph>) =>
  g.transitions.map(
    (t) => `${t.source} -${t.always ? 'always' : t.label}${t.guard ? `[${t.guard}]` : ''}-> ${t.target ?? '(stays)'}`,
  );

describe('machineGraph', () => {
  it("reads every state and transition of the engine's node machine", () => {
    const g = machineGraph(machines['node']!.machine);
    expect(g.machine).toBe('node');
    expect(g.initial).toBe('up');
    expect(g.states.map((s) => s.id)).toEqual([
      'up',
      'up.boot',
      'up.single',
      'up.leader',
      'up.follower',
      'up.candidate',
      'down',
    ]);
    expect(g.states.find((s) => s.id === 'up')).toMatchObject({ kind: 'compound', initial: 'up.boot', parent: null });
    expect(g.states.find((s) => s.id === 'up.leader')).toMatchObject({ kind: 'atomic', parent: 'up' });
    expect(brief(g).sort()).toEqual(
      [
        'up -node.crash-> down',
        'up.boot -always[bootsAs(single)]-> up.single',
        'up.boot -always[bootsAs(leader)]-> up.leader',
        'up.boot -always[bootsAs(candidate)]-> up.candidate',
        'up.boot -always-> up.follower',
        'up.leader -node.follow[notStale]-> up.follower',
        'up.leader -node.promote[notStale]-> (stays)',
        'up.follower -node.campaign[notStale]-> up.candidate',
        'up.follower -node.promote[notStale]-> up.leader',
        'up.follower -node.follow[notStale]-> (stays)',
        'up.candidate -node.promote[notStale]-> up.leader',
        'up.candidate -node.follow[notStale]-> up.follower',
        'down -node.restart-> up',
      ].sort(),
    );
    expect(new Set(g.transitions.map((t) => t.id)).size).toBe(g.transitions.length);
  });

  it('reads nesting, guards, always, after, targetless, final and machine-wide transitions of a test machine', () => {
    const g = machineGraph(lampMachine);
    expect(g.states.map((s) => `${s.id}:${s.kind}:${s.parent ?? '-'}:${s.initial ?? '-'}`)).toEqual([
      'off:atomic:-:-',
      'on:compound:-:on.warming',
      'on.warming:atomic:on:-',
      'on.lit:compound:on:on.lit.dim',
      'on.lit.dim:atomic:on.lit:-',
      'on.lit.bright:atomic:on.lit:-',
      'broken:final:-:-',
    ]);
    expect(brief(g).sort()).toEqual(
      [
        'off -lamp.switch[hasPower]-> on',
        'off -lamp.break-> broken',
        'on -lamp.switch-> off',
        'on.warming -after 500 ms-> on.lit',
        'on.lit.dim -lamp.up[level(2)]-> on.lit.bright',
        'on.lit.bright -lamp.touch-> (stays)',
        'on.lit.bright -always[overheated]-> broken',
        ' -lamp.unplug-> off',
      ].sort(),
    );
  });

  it('describes every state and transition in words', () => {
    const text = describeGraph(machineGraph(lampMachine));
    expect(text.states).toContain('on (contains warming, lit)');
    expect(text.states).toContain('on.warming (entered first)');
    expect(text.states).toContain('broken (final)');
    expect(text.transitions).toContain('on.lit.bright → broken at once if overheated');
    expect(text.transitions).toContain('stays in on.lit.bright on lamp.touch');
    expect(text.transitions).toContain('any state → off on lamp.unplug');
    expect(text.transitions).toHaveLength(8);
  });

  it('lists a state with the states enclosing it', () => {
    expect(ancestry('on.lit.dim')).toEqual(['on.lit.dim', 'on.lit', 'on']);
  });
});
