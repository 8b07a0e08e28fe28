/**
 * The answering layout both quiz islands render (Answering in
 * src/components/quiz/attempt-parts.tsx), drawn to static HTML: the question
 * list marks what is answered, the form on screen holds the draft's answer
 * under the page-unique ids, and the submit area counts and confirms.
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { resolveQuiz } from '../../../src/assessment/quiz/resolve.ts';
import { variantSeeds } from '../../../src/assessment/quiz/variants.ts';
import { freshDraft } from '../../../src/components/quiz/attempt.ts';
import { Answering } from '../../../src/components/quiz/attempt-parts.tsx';
import { generators, quiz } from './fixture.ts';

const questions = resolveQuiz(quiz, generators, variantSeeds('leaders-and-followers')).questions;
const fresh = freshDraft(questions, 7, 'leaders-and-followers', 1, 0);
const draft = { ...fresh, answers: { ...fresh.answers, q1: 'a' } };
const noop = () => undefined;
const render = (o: { confirming?: boolean; busy?: boolean; error?: string } = {}) =>
  renderToString(
    h(Answering, {
      questions,
      draft,
      index: 0,
      go: noop,
      uid: 'quiz-t',
      onAnswer: noop,
      onMove: noop,
      confirming: o.confirming ?? false,
      busy: o.busy,
      error: o.error ?? '',
      onSubmit: noop,
      onKeepAnswering: noop,
    }),
  );

describe('Answering', () => {
  it('lists every question, marks the answered one, and shows the draft answer in the form', () => {
    const html = render();
    expect(html.match(/aria-label="Question \d+, (not )?answered"/g)).toHaveLength(12);
    expect(html).toContain('aria-label="Question 1, answered"');
    expect(html).toContain('aria-label="Question 2, not answered"');
    expect(html).toContain('aria-current="step"');
    expect(html).toMatch(
      /name="quiz-t-q1-choice"[^>]*value="a"[^>]*checked|checked[^>]*name="quiz-t-q1-choice"[^>]*value="a"/,
    );
    expect(html).toContain('1 of 12 answered.');
    expect(html).toContain('Submit attempt 1');
    expect(html).not.toContain('Submit anyway');
  });

  it('asks before submitting with questions unanswered, waits while busy, and shows an error', () => {
    expect(render({ confirming: true })).toContain('11 questions are not answered and will score 0.');
    expect(render({ busy: true })).toContain('Submitting…');
    expect(render({ error: 'The attempt could not be saved: full.' })).toMatch(
      /role="alert"[^>]*>The attempt could not be saved: full\./,
    );
  });
});
