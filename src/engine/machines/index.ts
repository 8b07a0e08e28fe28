/**
 * The registry of protocol machines: every XState machine the engine runs,
 * with what a learner needs to read it as a statechart. `<Statechart
 * machine="…">` in a lesson and the simulation view's machine panel look
 * machines up here by id; the engine's `state` trace events name the same ids.
 */
import type { AnyStateMachine } from 'xstate';
import { nodeRoleMachine } from './node-role.ts';
import { failoverMachine } from './failover.ts';
import { followerStreamMachine } from './follower-stream.ts';
import { cdcConsumerMachine } from './cdc-consumer.ts';
import { commitMachine } from './commit.ts';
import { requestMachine } from './request.ts';
import { hintMachine, quorumMachine } from './quorum.ts';
import { versionMachine } from './version.ts';
import { sessionMachine } from './session.ts';

export interface MachineEntry {
  readonly machine: AnyStateMachine;
  /** Short title for a statechart caption. */
  readonly title: string;
  /** The chapter that teaches it. */
  readonly chapter: number;
  /** One or two sentences: what the machine is the life of. */
  readonly summary: string;
}

export const machines: Readonly<Record<string, MachineEntry>> = {
  [requestMachine.id]: {
    machine: requestMachine,
    title: 'A request’s life',
    chapter: 1,
    summary:
      'What the node does with a request (queued, in service, executing, answered; or shed, refused, lost in a crash) and, independently, what its client does (waiting, then answered or given up at its timeout): a request its client gave up on may still be served.',
  },
  [nodeRoleMachine.id]: {
    machine: nodeRoleMachine,
    title: 'A node’s role',
    chapter: 2,
    summary:
      'Up or down, and while up the role the node believes it has: leader, follower or candidate, with the epoch it knows.',
  },
  [followerStreamMachine.id]: {
    machine: followerStreamMachine,
    title: 'A follower’s replication stream',
    chapter: 2,
    summary:
      'Entries applied in order while streaming; a gap or a conflicting entry sends the follower back to the leader for what it lacks; a snapshot when the log it needs is gone; catching up from its own LSN after a restart; stalled for good on a storage version it cannot read.',
  },
  [cdcConsumerMachine.id]: {
    machine: cdcConsumerMachine,
    title: 'A change-data-capture consumer',
    chapter: 3,
    summary:
      'Consuming changes and committing its offset every few; a crash loses what came after the last commit, so that range is delivered again until the consumer is past everything it had seen.',
  },
  [commitMachine.id]: {
    machine: commitMachine,
    title: 'Acknowledging a write',
    chapter: 4,
    summary:
      'Asynchronous commit acknowledges at once; synchronous and semi-synchronous commit keep writes waiting for the acknowledgements they need, and blocked while a follower they need is silent.',
  },
  [sessionMachine.id]: {
    machine: sessionMachine,
    title: 'A client session’s reads',
    chapter: 5,
    summary:
      'Where the session’s latest read went: the leader, a follower that had replayed everything the session had seen, or a follower still behind it — the one case that can miss the session’s own write or go back in time.',
  },
  [failoverMachine.id]: {
    machine: failoverMachine,
    title: 'Failure detection, election and lease',
    chapter: 6,
    summary:
      'A follower that stops hearing heartbeats suspects the leader and campaigns; a new leader waits out the old lease, then takes writes only while a majority keeps renewing its own, until a newer epoch fences it.',
  },
  [quorumMachine.id]: {
    machine: quorumMachine,
    title: 'One quorum read or write',
    chapter: 8,
    summary:
      'The coordinator collects answers until w replicas have stored a write or r have answered a read (asking stand-ins under a sloppy quorum); a read that found stale replicas repairs them; without its quorum in time the operation fails, and a failed write some replica stored stays stored.',
  },
  [hintMachine.id]: {
    machine: hintMachine,
    title: 'A stand-in’s hints',
    chapter: 8,
    summary:
      'A stand-in holds writes for home replicas it could not reach, keeps handing them over, and is empty again once the last is acknowledged (or its disk is lost).',
  },
  [versionMachine.id]: {
    machine: versionMachine,
    title: 'One key’s version at a leader',
    chapter: 7,
    summary:
      'The value is this leader’s own write or a newer one from a peer; a concurrent version is kept beside it as a sibling, merged with it, or settled by last-write-wins, which drops one acknowledged write.',
  },
};
