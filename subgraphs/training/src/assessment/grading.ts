import { GradingMethod, type Question, QuestionKind } from './assessment.model';

/** One answer as a learner gives it: whichever field fits the question. */
export interface Answer {
  readonly questionId: string;
  readonly choiceIds?: readonly string[] | null;
  readonly text?: string | null;
  readonly number?: number | null;
}

/** Scores and grades are shown to two decimals: 200/3 is 66.67. */
export function roundScore(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Case, accents, punctuation at the ends and inner spacing do not make a short answer wrong. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((item) => left.has(item));
}

export function isRight(question: Question, answer: Answer | undefined): boolean {
  if (!answer) return false;
  const { key } = question;
  switch (question.kind) {
    case QuestionKind.SINGLE_CHOICE:
    case QuestionKind.TRUE_FALSE:
      return answer.choiceIds?.length === 1 && key.choiceIds.includes(answer.choiceIds[0]!);
    case QuestionKind.MULTIPLE_CHOICE:
      return !!answer.choiceIds && sameSet(answer.choiceIds, key.choiceIds);
    case QuestionKind.SHORT_ANSWER: {
      if (answer.text == null) return false;
      const given = normaliseAnswer(answer.text);
      return key.acceptedAnswers.some((accepted) => normaliseAnswer(accepted) === given);
    }
    case QuestionKind.NUMERIC:
      return (
        answer.number != null &&
        key.number !== null &&
        Math.abs(answer.number - key.number) <= key.tolerance + Number.EPSILON * 16
      );
  }
}

/** The share of points answered right, 0–100, to two decimals; unanswered questions score nothing. */
export function scoreAnswers(questions: readonly Question[], answers: readonly Answer[]): number {
  const total = questions.reduce((sum, question) => sum + question.points, 0);
  if (total === 0) return 0;
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  const earned = questions.reduce(
    (sum, question) => sum + (isRight(question, byQuestion.get(question.id)) ? question.points : 0),
    0,
  );
  return roundScore((earned / total) * 100);
}

/**
 * A learner's grade from their submitted attempts' scores, in the order they
 * were submitted; null before any was.
 */
export function finalGrade(method: GradingMethod, scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  switch (method) {
    case GradingMethod.HIGHEST:
      return Math.max(...scores);
    case GradingMethod.AVERAGE:
      return roundScore(scores.reduce((sum, score) => sum + score, 0) / scores.length);
    case GradingMethod.FIRST:
      return scores[0]!;
    case GradingMethod.LAST:
      return scores.at(-1)!;
  }
}
