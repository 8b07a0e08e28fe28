/** A 12-question quiz covering every kind, with four engine-backed questions driven by fake generators. */
import type { GeneratorRegistry } from '../../../src/chapters/types.ts';
import { quizSchema, type Quiz } from '../../../src/schemas/quiz.ts';

const opt = (id: string, text: string, correct?: boolean) => ({
  id,
  text,
  explanation: `Why ${id}: ${text}.`,
  ...(correct === undefined ? {} : { correct }),
});

export const rawQuiz = {
  questions: [
    {
      id: 'q1',
      kind: 'single',
      prompt: 'Which node accepts writes?',
      options: [opt('a', 'the leader', true), opt('b', 'any follower', false)],
    },
    {
      id: 'q2',
      kind: 'multiple',
      prompt: 'Which are read anomalies?',
      options: [
        opt('a', 'stale read', true),
        opt('b', 'monotonic reads violation', true),
        opt('c', 'fast commit', false),
        opt('d', 'consistent prefix violation', true),
      ],
    },
    {
      id: 'q3',
      kind: 'ordering',
      prompt: 'Order the failover steps.',
      items: [
        { id: 'detect', text: 'Detect the failure', explanation: 'First you notice.' },
        { id: 'choose', text: 'Choose the new leader', explanation: 'Highest LSN.' },
        { id: 'fence', text: 'Fence the old leader', explanation: 'Epochs.' },
        { id: 'redirect', text: 'Redirect clients', explanation: 'Last.' },
      ],
    },
    {
      id: 'q4',
      kind: 'numeric',
      prompt: 'How many replicas with n=3?',
      answer: 3,
      explanation: 'Three.',
      unit: 'replicas',
    },
    {
      id: 'q5',
      kind: 'numeric',
      prompt: 'Lag in ms?',
      answer: 0.3,
      tolerance: 0.1,
      explanation: 'About 0.3.',
      unit: 'ms',
    },
    {
      id: 'q6',
      kind: 'single',
      generator: 'ch02.whichReplica',
      prompt: 'After {writes} writes, which replica is furthest behind?',
      options: [opt('r1', 'replica 1 (LSN {lsn1})'), opt('r2', 'replica 2 (LSN {lsn2})')],
    },
    {
      id: 'q7',
      kind: 'multiple',
      generator: 'ch02.whichStale',
      prompt: 'Which reads at t={t} ms are stale?',
      options: [opt('x', 'read x'), opt('y', 'read y'), opt('z', 'read z')],
    },
    {
      id: 'q8',
      kind: 'numeric',
      generator: 'ch02.lag',
      prompt: 'With {followers} followers, what is the lag?',
      tolerance: 1,
      unit: 'ms',
      explanation: 'The engine measured {answer} ms.',
    },
    {
      id: 'q9',
      kind: 'predict',
      generator: 'ch04.lostWrites',
      scenario: 'async-crash',
      answerKind: 'numeric',
      prompt: 'The leader crashes after {acked} acknowledged writes. How many are lost?',
      explanation: 'Asynchronous replication loses what followers had not received.',
    },
    {
      id: 'q10',
      kind: 'predict',
      generator: 'ch05.anomaly',
      scenario: 'lagging-reads',
      answerKind: 'single',
      prompt: 'Which anomaly occurs?',
      options: [opt('stale', 'a stale read'), opt('none', 'none')],
    },
    {
      id: 'q11',
      kind: 'single',
      prompt: 'Is replication a backup?',
      options: [opt('yes', 'yes', false), opt('no', 'no', true)],
    },
    {
      id: 'q12',
      kind: 'multiple',
      prompt: 'Which scale with replicas? Use {{braces}} literally.',
      options: [opt('reads', 'reads', true), opt('writes', 'writes', false), opt('storage', 'storage per node', false)],
    },
  ],
};

export const quiz: Quiz = quizSchema.parse(rawQuiz);

/** Fake generators: deterministic functions of the seed, standing in for the engine. */
export const generators: GeneratorRegistry = {
  'ch02.whichReplica': (seed) => ({
    params: { writes: seed % 100, lsn1: seed % 7, lsn2: seed % 11 },
    answer: seed % 7 < seed % 11 ? 'r1' : 'r2',
  }),
  'ch02.whichStale': (seed) => ({ params: { t: seed % 1000 }, answer: seed % 2 === 0 ? ['x', 'z'] : ['y'] }),
  'ch02.lag': (seed) => ({ params: { followers: 2 + (seed % 3) }, answer: 10 + (seed % 50) }),
  'ch04.lostWrites': (seed) => ({
    params: { acked: 20 + (seed % 10) },
    answer: seed % 5,
    run: { scenario: 'async-crash', seed: seed + 1 },
  }),
  'ch05.anomaly': (seed) => ({ params: {}, answer: seed % 3 === 0 ? 'none' : 'stale' }),
};
