import { type Connection, ForwardPageArgs, type ServiceContext } from '@weace/service-kit';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { actorOf, isAdmin } from '../caller';
import { CertificateConnection } from '../certificate/certificate.connection';
import { type Certificate, CertificateModel } from '../certificate/certificate.model';
import { EnrollmentConnection } from '../enrollment/enrollment.connection';
import { type Enrollment, EnrollmentModel } from '../enrollment/enrollment.model';
import { userPagesLoader } from './user-pages';
import { UserRef } from './user.model';

const enrollmentPages = userPagesLoader('userEnrollments', EnrollmentModel);
const certificatePages = userPagesLoader('userCertificates', CertificateModel);

/** The person's training on their profile: readable by them and ADMINs, null for anyone else. */
@Resolver(() => UserRef)
export class TrainingUserResolver {
  @FieldResolver(() => EnrollmentConnection, {
    nullable: true,
    description: 'The person and ADMINs',
  })
  enrollments(
    @Root() user: UserRef,
    @Args() { first, after }: ForwardPageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<Enrollment>> | null {
    if (!this.mayRead(user, context)) return null;
    return context.loaders
      .get(enrollmentPages)
      .load({ userId: user.id, first, after: after ?? null });
  }

  @FieldResolver(() => CertificateConnection, {
    nullable: true,
    description: 'The person and ADMINs',
  })
  certificates(
    @Root() user: UserRef,
    @Args() { first, after }: ForwardPageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<Certificate>> | null {
    if (!this.mayRead(user, context)) return null;
    return context.loaders
      .get(certificatePages)
      .load({ userId: user.id, first, after: after ?? null });
  }

  private mayRead(user: UserRef, context: ServiceContext): boolean {
    const actor = actorOf(context.caller);
    return actor.userId === user.id || isAdmin(actor);
  }
}
