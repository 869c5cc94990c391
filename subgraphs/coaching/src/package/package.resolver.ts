import { Role, type ServiceContext } from '@weace/service-kit';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { actorOf } from '../caller';
import type { PackageService, PackageSummary } from './package.service';

@ObjectType({ description: "A person's valid coaching package grants, summed" })
export class CoachingPackageSummary implements PackageSummary {
  @Field(() => Int)
  granted!: number;

  @Field(() => Int)
  used!: number;

  @Field(() => Int)
  remaining!: number;

  @Field(() => Date, { nullable: true, description: 'The earliest validUntil with credits left' })
  validUntil!: Date | null;
}

@ObjectType({ description: 'Sessions an ADMIN granted to a person' })
export class CoachingPackageGrant {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => Int)
  sessions!: number;

  @Field(() => Int)
  remaining!: number;

  @Field()
  validUntil!: Date;
}

@Resolver()
export class PackageResolver {
  constructor(private readonly packages: PackageService) {}

  @Authorized()
  @Query(() => CoachingPackageSummary, { description: 'The caller’s remaining package credits' })
  myCoachingPackage(@Ctx() context: ServiceContext): Promise<CoachingPackageSummary> {
    return this.packages.summaryOf(actorOf(context).userId);
  }

  @Authorized(Role.Admin)
  @Mutation(() => CoachingPackageGrant, { description: 'ADMIN grants company-funded sessions' })
  async grantCoachingPackage(
    @Arg('userId', () => ID) userId: string,
    @Arg('sessions', () => Int) sessions: number,
    @Arg('validUntil') validUntil: Date,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingPackageGrant> {
    const grant = await this.packages.grant(actorOf(context), userId, sessions, validUntil);
    return {
      id: grant.id as string,
      userId: grant.userId,
      sessions: grant.sessions,
      remaining: grant.remaining,
      validUntil: grant.validUntil,
    };
  }
}
