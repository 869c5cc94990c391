import { parseObjectId } from '@weace/service-kit';
import { randomBytes } from 'node:crypto';
import type { EventBus, Scheduler } from '@weace/events';
import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  type PeopleDirectory,
} from '@weace/service-kit';
import type { ClientSession } from 'mongoose';
import { type Actor } from '../caller';
import { type Clock, NotDueYetError } from '../clock';
import type { CourseDocument } from '../course/course.model';
import type { EnrollmentDocument } from '../enrollment/enrollment.model';
import { type CertificateDocument, CertificateModel, CertificateStatus } from './certificate.model';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `certificate.expiring` goes out this many days before expiry; recertification opens at the first. */
export const EXPIRY_NOTICE_DAYS = [30, 7] as const;

export const EXPIRING_JOB = 'certificate.expiring';

interface ExpiringJob {
  readonly certificateId: string;
  readonly daysLeft: number;
}

export enum VerificationStatus {
  VALID = 'VALID',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
  NOT_FOUND = 'NOT_FOUND',
}

/** What anyone may learn of a certificate from its code: no email, nothing else personal. */
export interface Verification {
  readonly status: VerificationStatus;
  readonly holderName: string | null;
  readonly courseTitle: string | null;
  readonly issuedAt: Date | null;
  readonly expiresAt: Date | null;
}

const CODE = /^[0-9a-f]{32}$/;

/** Issue on completion, revocation by admins, public verification, expiry notices. */
export class CertificateService {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: Scheduler,
    private readonly people: PeopleDirectory,
    private readonly now: Clock,
  ) {
    jobs.define(EXPIRING_JOB, (job, { session }) =>
      this.announceExpiring(job.data as ExpiringJob, session),
    );
  }

  /**
   * Issues the enrollment's cycle certificate in `session`'s transaction, with
   * `certificate.issued` and its expiry notices. The caller completed the
   * enrollment with a guarded update, so this runs once per cycle; the unique
   * (person, course, cycle) index holds even if it did not. The code is
   * random (128 bits) unless given (the demo's, which the README shows).
   */
  async issueIn(
    session: ClientSession,
    enrollment: EnrollmentDocument,
    course: CourseDocument,
    grade: number | null,
    issuedAt: Date,
    verificationCode = randomBytes(16).toString('hex'),
  ): Promise<CertificateDocument> {
    const holder = await this.people.find(enrollment.userId, session);
    const expiresAt = course.validityDays
      ? new Date(issuedAt.getTime() + course.validityDays * DAY_MS)
      : null;
    const [certificate] = await CertificateModel.create(
      [
        {
          userId: enrollment.userId,
          courseId: course._id,
          enrollmentId: enrollment._id,
          cycle: enrollment.cycle,
          verificationCode,
          holderName: holder?.name ?? 'WeAce learner',
          courseTitle: course.title,
          grade,
          issuedAt,
          expiresAt,
        },
      ],
      { session },
    );
    const issued = certificate!;
    await this.events.publish(session, {
      type: 'certificate.issued',
      subject: issued.id as string,
      payload: {
        ...this.payloadOf(issued),
        verificationCode: issued.verificationCode,
        issuedAt: issuedAt.toISOString(),
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });
    if (expiresAt) {
      for (const daysLeft of EXPIRY_NOTICE_DAYS) {
        await this.jobs.schedule(
          EXPIRING_JOB,
          new Date(expiresAt.getTime() - daysLeft * DAY_MS),
          { certificateId: issued.id as string, daysLeft } satisfies ExpiringJob,
          { uniqueKey: `certificate:${issued.id as string}:expiring-${daysLeft}`, session },
        );
      }
    }
    return issued;
  }

  /** ISSUED → REVOKED by an admin, recording who and why, with `certificate.revoked`. */
  async revoke(actor: Actor, id: string, reason: string): Promise<CertificateDocument> {
    const certificateId = parseObjectId(id, 'id');
    if (!reason.trim()) throw new BadUserInputError('A reason is required', 'reason');
    return this.events.withTransaction(async (session) => {
      const revoked = await CertificateModel.findOneAndUpdate(
        { _id: certificateId, status: CertificateStatus.ISSUED },
        {
          $set: {
            status: CertificateStatus.REVOKED,
            revokedAt: this.now(),
            revokedBy: actor.userId,
            revocationReason: reason.trim(),
          },
        },
        { returnDocument: 'after', session },
      ).exec();
      if (!revoked) {
        const exists = await CertificateModel.exists({ _id: certificateId }).session(session);
        if (!exists) throw new NotFoundError('Certificate', id);
        throw new ConflictError('The certificate is revoked already', 'id', 'ALREADY_REVOKED');
      }
      await this.events.publish(session, {
        type: 'certificate.revoked',
        subject: revoked.id as string,
        payload: { ...this.payloadOf(revoked), reason: reason.trim(), revokedBy: actor.userId! },
        ...(actor.userId && { actorId: actor.userId }),
      });
      return revoked;
    });
  }

  async verify(code: string): Promise<Verification> {
    const normalised = code.trim().toLowerCase();
    const certificate = CODE.test(normalised)
      ? await CertificateModel.findOne({ verificationCode: normalised }).exec()
      : null;
    if (!certificate) {
      return {
        status: VerificationStatus.NOT_FOUND,
        holderName: null,
        courseTitle: null,
        issuedAt: null,
        expiresAt: null,
      };
    }
    return {
      status: this.statusOf(certificate),
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      issuedAt: certificate.issuedAt,
      expiresAt: certificate.expiresAt,
    };
  }

  statusOf(certificate: CertificateDocument): VerificationStatus {
    if (certificate.status === CertificateStatus.REVOKED) return VerificationStatus.REVOKED;
    if (certificate.expiresAt && certificate.expiresAt <= this.now())
      return VerificationStatus.EXPIRED;
    return VerificationStatus.VALID;
  }

  /** `certificate.expiring`, unless it was revoked; the job runs once per notice. */
  private async announceExpiring({ certificateId, daysLeft }: ExpiringJob, session: ClientSession) {
    const certificate = await CertificateModel.findById(certificateId).session(session).exec();
    if (!certificate?.expiresAt || certificate.status !== CertificateStatus.ISSUED) return;
    const due = new Date(certificate.expiresAt.getTime() - daysLeft * DAY_MS);
    if (this.now() < due) throw new NotDueYetError(`the ${daysLeft}-day expiry notice`, due);
    await this.events.publish(session, {
      type: 'certificate.expiring',
      subject: certificate.id as string,
      payload: {
        ...this.payloadOf(certificate),
        expiresAt: certificate.expiresAt.toISOString(),
        daysLeft,
      },
    });
  }

  private payloadOf(certificate: CertificateDocument) {
    return {
      certificateId: certificate.id as string,
      courseId: String(certificate.courseId),
      courseTitle: certificate.courseTitle,
      userId: certificate.userId,
      cycle: certificate.cycle,
    };
  }
}
