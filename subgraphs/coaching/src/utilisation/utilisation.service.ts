import { BadUserInputError, type PeopleDirectory } from '@weace/service-kit';
import { CoachingSessionModel, SessionStatus } from '../booking/session.model';
import { CoachingPackageModel } from '../package/coaching-package.model';

/** Aggregates of a department's coaching, for ADMIN: counts only, never a note nor a name. */
export interface Utilisation {
  readonly department: string | null;
  /** People of the department with at least one package grant. */
  readonly people: number;
  readonly sessionsGranted: number;
  readonly sessionsUsed: number;
  readonly completed: number;
  readonly noShows: number;
}

/** Coaching use by department: departments come from the service's own people directory. */
export class UtilisationService {
  constructor(private readonly directory: PeopleDirectory) {}

  async of(department: string | null): Promise<Utilisation> {
    if (department !== null && (!department.trim() || department.length > 100)) {
      throw new BadUserInputError('A department name has 1 to 100 characters', 'department');
    }
    const members = await this.directory.model
      .find(department === null ? {} : { department }, { _id: 1 })
      .lean()
      .exec();
    const ids = members.map((member) => member._id);
    const [grants, sessions] = await Promise.all([
      CoachingPackageModel.aggregate<{ _id: string; granted: number; used: number }>([
        { $match: { userId: { $in: ids } } },
        { $group: { _id: '$userId', granted: { $sum: '$sessions' }, used: { $sum: '$used' } } },
      ]).exec(),
      CoachingSessionModel.aggregate<{ _id: SessionStatus; count: number }>([
        {
          $match: {
            coacheeId: { $in: ids },
            status: { $in: [SessionStatus.COMPLETED, SessionStatus.NO_SHOW] },
          },
        },
        { $group: { _id: '$status', count: { $sum: 1 } } },
      ]).exec(),
    ]);
    const count = (status: SessionStatus) => sessions.find((row) => row._id === status)?.count ?? 0;
    return {
      department,
      people: grants.length,
      sessionsGranted: grants.reduce((sum, row) => sum + row.granted, 0),
      sessionsUsed: grants.reduce((sum, row) => sum + row.used, 0),
      completed: count(SessionStatus.COMPLETED),
      noShows: count(SessionStatus.NO_SHOW),
    };
  }
}
