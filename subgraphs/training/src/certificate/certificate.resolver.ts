import { Role, type ServiceContext, callerUserId } from '@weace/service-kit';
import { Length } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { actorOf } from '../caller';
import { Course } from '../course/course.model';
import { courseById } from '../course/course.loaders';
import { UserRef, userRef } from '../user/user.model';
import { Certificate, type CertificateDocument } from './certificate.model';
import { type CertificateService, VerificationStatus } from './certificate.service';

registerEnumType(VerificationStatus, { name: 'VerificationStatus' });

@ObjectType({ description: 'What anyone may learn from a code: no email, nothing else personal' })
class CertificateVerification {
  @Field(() => VerificationStatus)
  status!: VerificationStatus;

  @Field(() => String, { nullable: true })
  holderName!: string | null;

  @Field(() => String, { nullable: true })
  courseTitle!: string | null;

  @Field(() => Date, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;
}

@ArgsType()
class RevokeArgs {
  @Field(() => ID)
  id!: string;

  @Field()
  @Length(1, 500)
  reason!: string;
}

@Resolver(() => Certificate)
export class CertificateResolver {
  constructor(private readonly certificates: CertificateService) {}

  @Query(() => CertificateVerification, {
    description: 'Public, without sign-in: VALID, REVOKED, EXPIRED or NOT_FOUND',
  })
  verifyCertificate(@Arg('code') code: string): Promise<CertificateVerification> {
    return this.certificates.verify(code);
  }

  @Authorized(Role.Admin)
  @Mutation(() => Certificate, { description: 'ADMIN; who and why are recorded' })
  revokeCertificate(@Args() { id, reason }: RevokeArgs, @Ctx() context: ServiceContext) {
    callerUserId(context);
    return this.certificates.revoke(actorOf(context.caller), id, reason);
  }

  @FieldResolver(() => Course)
  course(@Root() certificate: CertificateDocument, @Ctx() context: ServiceContext) {
    return context.loaders.get(courseById).load(String(certificate.courseId));
  }

  @FieldResolver(() => UserRef)
  holder(@Root() certificate: CertificateDocument): UserRef {
    return userRef(certificate.userId);
  }

  @FieldResolver(() => VerificationStatus, { description: 'As verifyCertificate would answer now' })
  validity(@Root() certificate: CertificateDocument): VerificationStatus {
    return this.certificates.statusOf(certificate);
  }
}
