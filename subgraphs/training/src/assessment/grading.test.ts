import { describe, expect, it } from '@jest/globals';
import { GradingMethod, type Question, QuestionKind } from './assessment.model';
import { finalGrade, isRight, normaliseAnswer, scoreAnswers } from './grading';

function question(kind: QuestionKind, key: Partial<Question['key']>, points = 1): Question {
  return {
    id: `q-${kind}`,
    kind,
    prompt: '?',
    choices: [],
    points,
    key: { choiceIds: [], acceptedAnswers: [], number: null, tolerance: 0, ...key },
  };
}

describe('final grade (rule 4)', () => {
  it.each([
    [GradingMethod.HIGHEST, 90],
    [GradingMethod.AVERAGE, 66.67],
    [GradingMethod.FIRST, 40],
    [GradingMethod.LAST, 70],
  ])('of 40, 90, 70 by %s is %d', (method, grade) => {
    expect(finalGrade(method, [40, 90, 70])).toBe(grade);
  });

  it('is null before any attempt was submitted', () => {
    expect(finalGrade(GradingMethod.HIGHEST, [])).toBeNull();
  });
});

describe('answers', () => {
  it('takes a single choice only when exactly the right one is given', () => {
    const q = question(QuestionKind.SINGLE_CHOICE, { choiceIds: ['b'] });
    expect(isRight(q, { questionId: q.id, choiceIds: ['b'] })).toBe(true);
    expect(isRight(q, { questionId: q.id, choiceIds: ['a', 'b'] })).toBe(false);
  });

  it('takes multiple choices all or nothing, in any order', () => {
    const q = question(QuestionKind.MULTIPLE_CHOICE, { choiceIds: ['a', 'c'] });
    expect(isRight(q, { questionId: q.id, choiceIds: ['c', 'a'] })).toBe(true);
    expect(isRight(q, { questionId: q.id, choiceIds: ['a'] })).toBe(false);
    expect(isRight(q, { questionId: q.id, choiceIds: ['a', 'b', 'c'] })).toBe(false);
  });

  it('matches short answers normalised: case, accents, spacing, end punctuation', () => {
    expect(normaliseAnswer('  Crème   Brûlée! ')).toBe('creme brulee');
    const q = question(QuestionKind.SHORT_ANSWER, { acceptedAnswers: ['Crème brûlée'] });
    expect(isRight(q, { questionId: q.id, text: 'CREME  brulee.' })).toBe(true);
    expect(isRight(q, { questionId: q.id, text: 'creme' })).toBe(false);
  });

  it('takes numbers within the tolerance, edges included', () => {
    const q = question(QuestionKind.NUMERIC, { number: 3.14, tolerance: 0.01 });
    expect(isRight(q, { questionId: q.id, number: 3.15 })).toBe(true);
    expect(isRight(q, { questionId: q.id, number: 3.13 })).toBe(true);
    expect(isRight(q, { questionId: q.id, number: 3.16 })).toBe(false);
  });

  it('scores by points, to two decimals, unanswered as wrong', () => {
    const questions = [
      { ...question(QuestionKind.TRUE_FALSE, { choiceIds: ['true'] }), id: 'a' },
      { ...question(QuestionKind.TRUE_FALSE, { choiceIds: ['false'] }), id: 'b' },
      { ...question(QuestionKind.NUMERIC, { number: 2 }), id: 'c' },
    ];
    expect(scoreAnswers(questions, [{ questionId: 'a', choiceIds: ['true'] }])).toBe(33.33);
    expect(
      scoreAnswers(questions, [
        { questionId: 'a', choiceIds: ['true'] },
        { questionId: 'b', choiceIds: ['false'] },
        { questionId: 'c', number: 2 },
      ]),
    ).toBe(100);
  });
});
