/**
 * Chapter 3 — a change-data-capture consumer under at-least-once delivery:
 * consuming changes in LSN order and committing its offset every few of them;
 * crashing, which loses everything since the last committed offset; and
 * redelivering that range after the restart until it is past the last change
 * it had seen, when it is consuming new changes again.
 *
 * Stepped with XState's pure `transition()` by `sim/cdc.ts` on crashes,
 * restarts and the end of a redelivered range only; an offset commit is a
 * transition that stays in `consuming`, so an ordinary change costs nothing.
 */
import { setup } from 'xstate';

export type CdcConsumerEvent =
  | { readonly type: 'offset.commit' }
  | { readonly type: 'consumer.crash' }
  /** Back, reading from the committed offset: what comes next was delivered before. */
  | { readonly type: 'consumer.restart' }
  /** The first change beyond everything seen before the crash. */
  | { readonly type: 'consumer.caught-up' };

export const cdcConsumerMachine = setup({
  types: { events: {} as CdcConsumerEvent },
}).createMachine({
  id: 'cdc-consumer',
  initial: 'consuming',
  states: {
    consuming: {
      on: {
        // The offset moves on; the state does not.
        'offset.commit': { target: 'consuming' },
        'consumer.crash': { target: 'crashed' },
      },
    },
    crashed: {
      on: { 'consumer.restart': { target: 'redelivering' } },
    },
    redelivering: {
      on: {
        'offset.commit': { target: 'redelivering' },
        'consumer.caught-up': { target: 'consuming' },
        'consumer.crash': { target: 'crashed' },
      },
    },
  },
});
