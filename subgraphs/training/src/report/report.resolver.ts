import { Role, type ServiceContext } from '@weace/service-kit';
import { IsOptional, Length } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { ReportService } from './report.service';

@ObjectType({ description: 'Aggregates only: no person is named' })
export class TrainingReport {
  @Field(() => Int, { description: 'Current enrollments (active or completed)' })
  enrolled!: number;

  @Field(() => Int)
  inProgress!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int, { description: 'In progress past their due date' })
  overdue!: number;

  @Field(() => Float, { nullable: true, description: 'Mean grade of completions with one' })
  averageGrade!: number | null;
}

@ArgsType()
class TrainingReportArgs {
  @Field(() => ID, { nullable: true, description: 'Default: every course' })
  courseId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Learners of this department (their profile's)",
  })
  @IsOptional()
  @Length(1, 100)
  department?: string | null;
}

@Resolver()
export class ReportResolver {
  constructor(private readonly reports: ReportService) {}

  @Authorized(Role.Admin)
  @Query(() => TrainingReport, { description: 'ADMIN' })
  trainingReport(
    @Args() { courseId, department }: TrainingReportArgs,
    @Ctx() _context: ServiceContext,
  ) {
    return this.reports.report(courseId ?? null, department ?? null);
  }
}
