import { parseObjectId } from '@weace/service-kit';
import { EnrollmentModel, EnrollmentStatus } from '../enrollment/enrollment.model';
import type { Clock } from '../clock';
import type { PeopleDirectory } from '@weace/service-kit';

export interface ReportFigures {
  readonly enrolled: number;
  readonly inProgress: number;
  readonly completed: number;
  readonly overdue: number;
  readonly averageGrade: number | null;
}

/** Training figures for admins: counts and a mean over current enrollments, in one aggregation. */
export class ReportService {
  constructor(
    private readonly people: PeopleDirectory,
    private readonly now: Clock,
  ) {}

  async report(courseId: string | null, department: string | null): Promise<ReportFigures> {
    const match: Record<string, unknown> = { current: true };
    if (courseId) match.courseId = parseObjectId(courseId, 'courseId');
    if (department)
      match.userId = { $in: await this.people.model.distinct('_id', { department }).exec() };
    const [row] = await EnrollmentModel.aggregate<ReportFigures>([
      { $match: match },
      {
        $group: {
          _id: null,
          enrolled: { $sum: 1 },
          inProgress: { $sum: { $cond: [{ $eq: ['$status', EnrollmentStatus.ACTIVE] }, 1, 0] } },
          completed: { $sum: { $cond: [{ $eq: ['$status', EnrollmentStatus.COMPLETED] }, 1, 0] } },
          overdue: {
            $sum: {
              $cond: [
                {
                  $and: [
                    { $eq: ['$status', EnrollmentStatus.ACTIVE] },
                    { $ne: ['$dueAt', null] },
                    { $lt: ['$dueAt', this.now()] },
                  ],
                },
                1,
                0,
              ],
            },
          },
          averageGrade: { $avg: '$grade' },
        },
      },
    ]).exec();
    if (!row) return { enrolled: 0, inProgress: 0, completed: 0, overdue: 0, averageGrade: null };
    const { enrolled, inProgress, completed, overdue, averageGrade } = row;
    return {
      enrolled,
      inProgress,
      completed,
      overdue,
      averageGrade: averageGrade === null ? null : Math.round(averageGrade * 100) / 100,
    };
  }
}
