import { BadUserInputError, ForbiddenError } from '@weace/service-kit';
import type { ClientSession, Types } from 'mongoose';
import type { Actor } from '../caller';
import type { Clock } from '../clock';
import { personId } from '../coach/coach.service';
import { type CoachingPackageDocument, CoachingPackageModel } from './coaching-package.model';

/** A person's valid grants summed: what `myCoachingPackage` answers. */
export interface PackageSummary {
  readonly granted: number;
  readonly used: number;
  readonly remaining: number;
  /** The earliest `validUntil` among grants with credits left; null when none is left. */
  readonly validUntil: Date | null;
}

/** Company-funded coaching credits: granted by ADMIN, spent by booking, refunded by in-time cancellation. */
export class PackageService {
  constructor(private readonly now: Clock) {}

  async grant(
    actor: Actor,
    userId: string,
    sessions: number,
    validUntil: Date,
  ): Promise<CoachingPackageDocument> {
    if (!personId(userId)) throw new BadUserInputError('Not a User.id', 'userId');
    if (!Number.isInteger(sessions) || sessions < 1 || sessions > 100) {
      throw new BadUserInputError('Grant between 1 and 100 sessions', 'sessions');
    }
    if (validUntil <= this.now()) {
      throw new BadUserInputError('validUntil must be in the future', 'validUntil');
    }
    return CoachingPackageModel.create({
      userId,
      sessions,
      remaining: sessions,
      validUntil,
      grantedBy: actor.userId,
    });
  }

  /**
   * Spends one credit of `userId`'s soonest-expiring valid grant, in the
   * booking's transaction: the guard (credits left, still valid) is in the
   * update's filter, so two bookings never spend the last credit twice.
   */
  async spend(userId: string, transaction: ClientSession): Promise<Types.ObjectId> {
    const grant = await CoachingPackageModel.findOneAndUpdate(
      { userId, remaining: { $gt: 0 }, validUntil: { $gt: this.now() } },
      { $inc: { remaining: -1, used: 1 } },
      { sort: { validUntil: 1 }, returnDocument: 'after', session: transaction },
    );
    if (!grant) {
      throw new ForbiddenError(
        'This session type needs a coaching package credit, and none is left or valid',
        'NO_PACKAGE_CREDIT',
      );
    }
    return grant._id;
  }

  /** Gives a spent credit back (an in-time cancellation), in the cancellation's transaction. */
  async refund(packageId: Types.ObjectId, transaction: ClientSession): Promise<void> {
    await CoachingPackageModel.updateOne(
      { _id: packageId, used: { $gt: 0 } },
      { $inc: { remaining: 1, used: -1 } },
      { session: transaction },
    );
  }

  async summaryOf(userId: string): Promise<PackageSummary> {
    const grants = await CoachingPackageModel.find({ userId, validUntil: { $gt: this.now() } })
      .sort({ validUntil: 1 })
      .exec();
    return {
      granted: grants.reduce((sum, grant) => sum + grant.sessions, 0),
      used: grants.reduce((sum, grant) => sum + grant.used, 0),
      remaining: grants.reduce((sum, grant) => sum + grant.remaining, 0),
      validUntil: grants.find((grant) => grant.remaining > 0)?.validUntil ?? null,
    };
  }
}
