import { parseObjectId } from '@weace/service-kit';
import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  isDuplicateKeyError,
} from '@weace/service-kit';
import { Types } from 'mongoose';
import { type Actor } from '../caller';
import { LessonKind, LessonModel } from '../content/content.model';
import type { CourseService } from '../course/course.service';
import type { AssessmentInput, QuestionInput } from './assessment.inputs';
import {
  type Assessment,
  type AssessmentDocument,
  AssessmentModel,
  type Question,
  QuestionKind,
} from './assessment.model';

const TRUE_FALSE_CHOICES = [
  { id: 'true', text: 'True' },
  { id: 'false', text: 'False' },
];

/** Choice ids are letters in order: a, b, c… */
const choiceId = (index: number) => String.fromCharCode(97 + index);

/** A question as stored, with its key; BAD_USER_INPUT naming the field its kind lacks. */
function toQuestion(input: QuestionInput, index: number): Question {
  const field = (name: string) => `questions[${index}].${name}`;
  const base = {
    id: new Types.ObjectId().toHexString(),
    kind: input.kind,
    prompt: input.prompt,
    points: input.points ?? 1,
    choices: [] as Question['choices'],
    key: { choiceIds: [] as string[], acceptedAnswers: [] as string[], number: null, tolerance: 0 },
  };
  switch (input.kind) {
    case QuestionKind.SINGLE_CHOICE:
    case QuestionKind.MULTIPLE_CHOICE: {
      const choices = input.choices ?? [];
      const correct = choices.flatMap((choice, i) => (choice.correct ? [choiceId(i)] : []));
      if (choices.length < 2) throw new BadUserInputError('At least two choices', field('choices'));
      const single = input.kind === QuestionKind.SINGLE_CHOICE;
      if (single ? correct.length !== 1 : correct.length === 0) {
        throw new BadUserInputError(
          single ? 'Exactly one choice must be correct' : 'At least one choice must be correct',
          field('choices'),
        );
      }
      return {
        ...base,
        choices: choices.map((choice, i) => ({ id: choiceId(i), text: choice.text })),
        key: { ...base.key, choiceIds: correct },
      };
    }
    case QuestionKind.TRUE_FALSE:
      if (input.correctAnswer == null) {
        throw new BadUserInputError('The right answer is required', field('correctAnswer'));
      }
      return {
        ...base,
        choices: TRUE_FALSE_CHOICES,
        key: { ...base.key, choiceIds: [String(input.correctAnswer)] },
      };
    case QuestionKind.SHORT_ANSWER:
      if (!input.acceptedAnswers?.length) {
        throw new BadUserInputError('At least one accepted answer', field('acceptedAnswers'));
      }
      return { ...base, key: { ...base.key, acceptedAnswers: input.acceptedAnswers } };
    case QuestionKind.NUMERIC:
      if (input.number == null)
        throw new BadUserInputError('The number is required', field('number'));
      return {
        ...base,
        key: { ...base.key, number: input.number, tolerance: input.tolerance ?? 0 },
      };
  }
}

function toAssessment(
  input: AssessmentInput,
): Omit<Assessment, '_id' | 'id' | 'courseId' | 'lessonId' | 'attempted'> {
  if (input.opensAt && input.closesAt && input.closesAt <= input.opensAt) {
    throw new BadUserInputError('closesAt must be after opensAt', 'closesAt');
  }
  return {
    questions: input.questions.map(toQuestion),
    maxAttempts: input.maxAttempts,
    timeLimitMinutes: input.timeLimitMinutes ?? null,
    opensAt: input.opensAt ?? null,
    closesAt: input.closesAt ?? null,
    gradingMethod: input.gradingMethod,
    passMark: input.passMark,
  };
}

/** Assessments of ASSESSMENT lessons; their questions freeze at the first attempt. */
export class AssessmentService {
  constructor(private readonly courses: CourseService) {}

  async create(
    actor: Actor,
    lessonId: string,
    input: AssessmentInput,
  ): Promise<AssessmentDocument> {
    const lesson = await LessonModel.findById(parseObjectId(lessonId, 'lessonId')).exec();
    if (!lesson) throw new NotFoundError('Lesson', lessonId);
    await this.courses.authored(actor, lesson.courseId);
    if (lesson.kind !== LessonKind.ASSESSMENT) {
      throw new BadUserInputError('Only an ASSESSMENT lesson has an assessment', 'lessonId', {
        reason: 'NOT_AN_ASSESSMENT_LESSON',
      });
    }
    try {
      return await AssessmentModel.create({
        ...toAssessment(input),
        courseId: lesson.courseId,
        lessonId: lesson._id,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictError(
          'The lesson has its assessment already',
          'lessonId',
          'ASSESSMENT_EXISTS',
        );
      }
      throw error;
    }
  }

  /** Replaces the assessment; CONFLICT `ASSESSMENT_ATTEMPTED` once anyone attempted it (guarded atomically). */
  async update(actor: Actor, id: string, input: AssessmentInput): Promise<AssessmentDocument> {
    const assessment = await AssessmentModel.findById(parseObjectId(id, 'id')).exec();
    if (!assessment) throw new NotFoundError('Assessment', id);
    await this.courses.authored(actor, assessment.courseId);
    const updated = await AssessmentModel.findOneAndUpdate(
      { _id: assessment._id, attempted: false },
      { $set: toAssessment(input) },
      { returnDocument: 'after' },
    ).exec();
    if (!updated) {
      throw new ConflictError(
        'Questions cannot change once anyone has attempted the assessment',
        'id',
        'ASSESSMENT_ATTEMPTED',
      );
    }
    return updated;
  }
}
