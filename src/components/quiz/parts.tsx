/**
 * Pieces of the Quiz island: inline text, the answer form of one question and
 * the review of one answered question. Stateless; Quiz.tsx owns the state.
 */
import type { JSX } from 'preact';
import { scoreQuestion, variantOf } from '../../assessment/quiz/score.ts';
import type {
  Answer,
  QuestionResult,
  ResolvedItem,
  ResolvedOption,
  ResolvedQuestion,
  RunRef,
} from '../../assessment/quiz/types.ts';

/** Text with `inline code` spans (prompts and options are plain text with backticks). */
export function Text({ value }: { value: string }) {
  const parts = value.split('`');
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>;
}

export type Kind = 'single' | 'multiple' | 'ordering' | 'numeric';

/** The answer kind the learner deals with (predict questions are single or numeric). */
export function kindOf(q: ResolvedQuestion): Kind {
  return q.kind === 'predict' ? q.answerKind : q.kind;
}

const unitOf = (q: ResolvedQuestion): string | undefined => ('unit' in q ? q.unit : undefined);
const withUnit = (n: number, unit: string | undefined) => (unit ? `${n} ${unit}` : String(n));

function instructions(q: ResolvedQuestion, tolerance: number): string {
  switch (kindOf(q)) {
    case 'single':
      return 'Choose one answer.';
    case 'multiple':
      return 'Select every answer that applies. Each right pick earns a share of the points; each wrong pick takes a share away.';
    case 'ordering':
      return 'Put the items in order with the Move up and Move down buttons. Only the exact order earns the points.';
    case 'numeric':
      return tolerance > 0
        ? `Enter a number. Answers within ±${withUnit(tolerance, unitOf(q))} count.`
        : 'Enter a number.';
  }
}

interface AnswerProps {
  /** Unique prefix for ids and radio group names. */
  uid: string;
  question: ResolvedQuestion;
  variant: number;
  answer: Answer;
  onAnswer: (answer: Answer) => void;
  /** Moves an ordering item; Quiz restores focus to the moved item's button. */
  onMove: (itemId: string, delta: -1 | 1) => void;
}

/** The form for one question while answering. */
export function AnswerForm({ uid, question, variant, answer, onAnswer, onMove }: AnswerProps) {
  const v = variantOf(question, variant);
  const tolerance = 'tolerance' in v ? v.tolerance : 0;
  const legendId = `${uid}-legend`;
  const hintId = `${uid}-hint`;
  const kind = kindOf(question);
  let body: JSX.Element;
  if (kind === 'single' || kind === 'multiple') {
    const options = 'options' in v ? v.options : [];
    const chosen = new Set(Array.isArray(answer) ? answer : typeof answer === 'string' ? [answer] : []);
    body = (
      <ul class="quiz-options">
        {options.map((o) => (
          <li key={o.id}>
            <label class="quiz-choice">
              <input
                type={kind === 'single' ? 'radio' : 'checkbox'}
                name={`${uid}-choice`}
                value={o.id}
                checked={chosen.has(o.id)}
                onChange={(e) => {
                  if (kind === 'single') return onAnswer(o.id);
                  const next = new Set(chosen);
                  if (e.currentTarget.checked) next.add(o.id);
                  else next.delete(o.id);
                  onAnswer(options.filter((x) => next.has(x.id)).map((x) => x.id));
                }}
              />
              <span>
                <Text value={o.text} />
              </span>
            </label>
          </li>
        ))}
      </ul>
    );
  } else if (kind === 'ordering') {
    const items = 'items' in v ? v.items : [];
    const order = Array.isArray(answer) ? (answer as readonly string[]) : items.map((i) => i.id);
    const byId = new Map(items.map((i) => [i.id, i]));
    body = (
      <ol class="quiz-ordering">
        {order.map((id, pos) => {
          const item = byId.get(id);
          if (!item) return null;
          return (
            <li key={id}>
              <span class="quiz-pos" aria-hidden="true">
                {pos + 1}.
              </span>
              <span class="quiz-item-text">
                <Text value={item.text} />
              </span>
              <span class="quiz-move">
                <button
                  type="button"
                  data-move={`${id}:-1`}
                  aria-label={`Move up: ${item.text}`}
                  disabled={pos === 0}
                  onClick={() => onMove(id, -1)}
                >
                  ↑ Move up
                </button>
                <button
                  type="button"
                  data-move={`${id}:1`}
                  aria-label={`Move down: ${item.text}`}
                  disabled={pos === order.length - 1}
                  onClick={() => onMove(id, 1)}
                >
                  ↓ Move down
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    );
  } else {
    const unit = unitOf(question);
    body = (
      <p class="quiz-numeric">
        <label for={`${uid}-number`}>Your answer{unit ? ` (${unit})` : ''}</label>
        <input
          id={`${uid}-number`}
          type="number"
          step="any"
          inputMode="decimal"
          defaultValue={typeof answer === 'number' ? String(answer) : ''}
          aria-describedby={hintId}
          onInput={(e) => {
            const n = e.currentTarget.valueAsNumber;
            onAnswer(Number.isFinite(n) ? n : null);
          }}
        />
        {unit && <span aria-hidden="true">{unit}</span>}
      </p>
    );
  }
  return (
    <fieldset class="quiz-fieldset" aria-describedby={hintId}>
      <legend id={legendId}>
        <Text value={v.prompt} />
      </legend>
      <p id={hintId} class="quiz-hint">
        {instructions(question, tolerance)}
      </p>
      {body}
    </fieldset>
  );
}

/** "✓ Correct", "± Partly correct", "✗ Wrong", "✗ Not answered". */
export function resultLabel(r: QuestionResult): { mark: string; text: string; tone: 'ok' | 'bad' | 'warn' } {
  if (r.correct) return { mark: '✓', text: 'Correct', tone: 'ok' };
  if (!r.answered) return { mark: '✗', text: 'Not answered', tone: 'bad' };
  if (r.points > 0) return { mark: '±', text: 'Partly correct', tone: 'warn' };
  return { mark: '✗', text: 'Wrong', tone: 'bad' };
}

function Mark({ ok, children }: { ok: boolean; children: string }) {
  return <strong class={`quiz-mark ${ok ? 'ok' : 'bad'}`}>{`${ok ? '✓' : '✗'} ${children}`}</strong>;
}

function optionVerdict(kind: Kind, o: ResolvedOption, chosen: boolean): JSX.Element | null {
  if (kind === 'single') {
    if (chosen) return <Mark ok={o.correct}>{o.correct ? 'Your answer, correct' : 'Your answer, wrong'}</Mark>;
    return o.correct ? <strong class="quiz-mark ok">→ The correct answer</strong> : null;
  }
  if (chosen) return <Mark ok={o.correct}>{o.correct ? 'Selected, correct' : 'Selected, but should not be'}</Mark>;
  return <Mark ok={!o.correct}>{o.correct ? 'Not selected, but should be' : 'Not selected, correct'}</Mark>;
}

interface ReviewProps {
  question: ResolvedQuestion;
  variant: number;
  /** The learner's answer; undefined when the saved attempt no longer has its answers. */
  answer: Answer | undefined;
  onRun: (run: RunRef, button: HTMLButtonElement) => void;
  runNote: string;
}

/** The review of one question after an attempt: verdict, every option's explanation, the run link. */
export function Review({ question, variant, answer, onRun, runNote }: ReviewProps) {
  const v = variantOf(question, variant);
  const kind = kindOf(question);
  const unit = unitOf(question);
  const result = scoreQuestion(question, variant, answer ?? null);
  const label = resultLabel(result);
  let body: JSX.Element;
  if (kind === 'single' || kind === 'multiple') {
    const options = 'options' in v ? v.options : [];
    const chosen = new Set(Array.isArray(answer) ? answer : typeof answer === 'string' ? [answer] : []);
    body = (
      <ul class="quiz-review-list">
        {options.map((o) => (
          <li key={o.id} class={chosen.has(o.id) ? 'chosen' : undefined}>
            <p class="quiz-review-option">
              {optionVerdict(kind, o, chosen.has(o.id))} <Text value={o.text} />
            </p>
            <p class="quiz-expl">
              <Text value={o.explanation} />
            </p>
          </li>
        ))}
      </ul>
    );
  } else if (kind === 'ordering') {
    const items: readonly ResolvedItem[] = 'items' in v ? v.items : [];
    const mine = Array.isArray(answer) ? (answer as readonly string[]) : [];
    const text = (id: string) => items.find((i) => i.id === id)?.text ?? id;
    body = (
      <>
        {mine.length > 0 && (
          <>
            <h4>Your order</h4>
            <ol class="quiz-review-order">
              {mine.map((id, pos) => {
                const right = items[pos]?.id === id;
                const belongs = items.findIndex((i) => i.id === id) + 1;
                return (
                  <li key={id}>
                    <Mark ok={right}>{right ? 'Right place' : `Belongs at ${belongs}`}</Mark> <Text value={text(id)} />
                  </li>
                );
              })}
            </ol>
          </>
        )}
        <h4>Correct order</h4>
        <ol class="quiz-review-list">
          {items.map((i) => (
            <li key={i.id}>
              <p class="quiz-review-option">
                <Text value={i.text} />
              </p>
              <p class="quiz-expl">
                <Text value={i.explanation} />
              </p>
            </li>
          ))}
        </ol>
      </>
    );
  } else {
    const key = 'answer' in v ? v.answer : 0;
    const tol = 'tolerance' in v ? v.tolerance : 0;
    body = (
      <ul class="quiz-review-list">
        <li>
          {typeof answer === 'number' ? (
            <Mark ok={result.correct}>{`Your answer: ${withUnit(answer, unit)}`}</Mark>
          ) : (
            <Mark ok={false}>No answer given</Mark>
          )}
        </li>
        <li>
          <strong>
            Correct answer: {withUnit(key, unit)}
            {tol > 0 ? ` (answers within ±${withUnit(tol, unit)} count)` : ''}
          </strong>
        </li>
      </ul>
    );
  }
  const run = 'run' in v ? (v.run as RunRef) : undefined;
  return (
    <div class="quiz-review">
      <p class={`quiz-verdict ${label.tone}`}>
        <strong>{`${label.mark} ${label.text}`}</strong>, {result.points} / {result.max} points
      </p>
      {answer === undefined && (
        <p class="quiz-hint">Your answers to this attempt were not saved, so only the key is shown.</p>
      )}
      <p class="quiz-prompt">
        <Text value={v.prompt} />
      </p>
      {body}
      {v.explanation && (
        <p class="quiz-expl quiz-general">
          <Text value={v.explanation} />
        </p>
      )}
      {question.kind === 'predict' && run && (
        <p class="quiz-run">
          <button type="button" onClick={(e) => onRun(run, e.currentTarget)}>
            ▶ Run this scenario
          </button>{' '}
          <span class="quiz-hint">{runNote || `Scenario “${run.scenario}”, seed ${run.seed}.`}</span>
        </p>
      )}
    </div>
  );
}

/**
 * "Question 3 of 12", plus the scenario of a predict-the-simulation question:
 * the variant's own run's when it names one (a generator may pick another
 * scenario than the question's default for some variants, as ch07 q1 does).
 */
export function QuestionHead({
  question,
  variant,
  index,
  total,
}: {
  question: ResolvedQuestion;
  variant: number;
  index: number;
  total: number;
}) {
  const chosen = variantOf(question, variant);
  const ownRun = 'run' in chosen ? chosen.run.scenario : '';
  const scenario = question.kind === 'predict' ? ownRun || question.scenario : '';
  return (
    <>
      <h3 class="quiz-qhead" tabIndex={-1}>
        Question {index + 1} of {total}
      </h3>
      {question.kind === 'predict' && (
        <p class="quiz-scenario">
          Predict the simulation · scenario <strong>{scenario}</strong>
        </p>
      )}
    </>
  );
}

/** Previous / Next question buttons (the short labels hide "question" on narrow screens). */
export function QuestionNav({ index, total, go }: { index: number; total: number; go: (i: number) => void }) {
  return (
    <div class="quiz-nav">
      <button type="button" disabled={index === 0} onClick={() => go(index - 1)}>
        ← Previous<span class="quiz-nav-long"> question</span>
      </button>
      <button type="button" disabled={index === total - 1} onClick={() => go(index + 1)}>
        Next<span class="quiz-nav-long"> question</span> →
      </button>
    </div>
  );
}
