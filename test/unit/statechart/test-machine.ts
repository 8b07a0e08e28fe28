/**
 * A small machine for the statechart tests, using what the real machines may:
 * nesting two levels deep, guards by name and with parameters, an inline guard,
 * eventless (`always`) and delayed transitions, a targetless one, a final
 * state and a transition of the machine itself (from any state).
 */
import { setup } from 'xstate';

export const lampMachine = setup({
  guards: {
    hasPower: () => true,
    level: (_, n: number) => n > 0,
  },
}).createMachine({
  id: 'lamp',
  initial: 'off',
  // The machine's own transition: taken from any state.
  on: { 'lamp.unplug': { target: '.off' } },
  states: {
    off: {
      on: { 'lamp.switch': { guard: 'hasPower', target: 'on' }, 'lamp.break': 'broken' },
    },
    on: {
      initial: 'warming',
      on: { 'lamp.switch': 'off' },
      states: {
        warming: { after: { 500: 'lit' } },
        lit: {
          initial: 'dim',
          states: {
            dim: { on: { 'lamp.up': { guard: { type: 'level', params: 2 }, target: 'bright' } } },
            bright: {
              on: { 'lamp.touch': { actions: [] } },
              always: {
                guard: function overheated() {
                  return false;
                },
                target: '#lamp.broken',
              },
            },
          },
        },
      },
    },
    broken: { type: 'final' },
  },
});
