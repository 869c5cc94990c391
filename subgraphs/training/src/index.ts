import type { SubgraphDefinition } from '@weace/service-kit';
import { AssessmentResolver } from './assessment/assessment.resolver';
import { AssessmentService } from './assessment/assessment.service';
import { AttemptResolver } from './attempt/attempt.resolver';
import { AttemptService } from './attempt/attempt.service';
import { CertificateResolver } from './certificate/certificate.resolver';
import { CertificateService } from './certificate/certificate.service';
import { type Clock, systemClock } from './clock';
import { LessonResolver, ModuleResolver } from './content/content.resolver';
import { ContentService } from './content/content.service';
import { CourseResolver } from './course/course.resolver';
import { CourseService } from './course/course.service';
import { CompletionService } from './enrollment/completion.service';
import { subscribeCheckIns, subscribeDeletedUsers } from './enrollment/enrollment.consumers';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { EnrollmentService } from './enrollment/enrollment.service';
import { subscribePeople } from './people/people.directory';
import { ReportResolver } from './report/report.resolver';
import { ReportService } from './report/report.service';
import { trainingSchema } from './schema';

export interface TrainingOptions {
  /** What time it is for every training rule. Default: the system clock; tests move their own. */
  readonly now?: Clock;
}

/**
 * Courses, modules and lessons, enrollments, assessments and attempts,
 * progress and certificates; database `weace_training`.
 */
export function createTrainingSubgraph({
  now = systemClock,
}: TrainingOptions = {}): SubgraphDefinition {
  return {
    name: 'training',
    port: 3003,
    schema: trainingSchema,
    async start({ events, jobs }) {
      const people = subscribePeople(events);
      const courses = new CourseService(events, now);
      const certificates = new CertificateService(events, jobs, people, now);
      const completion = new CompletionService(events, certificates);
      const enrollments = new EnrollmentService(events, jobs, completion, now);
      const content = new ContentService(events, courses);
      subscribeCheckIns(events, completion);
      subscribeDeletedUsers(events, enrollments);
      return {
        resolvers: [
          new CourseResolver(courses, now),
          new ModuleResolver(content, now),
          new LessonResolver(content),
          new AssessmentResolver(new AssessmentService(courses)),
          new AttemptResolver(new AttemptService(events, jobs, completion, now)),
          new EnrollmentResolver(enrollments),
          new CertificateResolver(certificates),
          new ReportResolver(new ReportService(people, now)),
        ],
      };
    },
  };
}

export const trainingSubgraph = createTrainingSubgraph();
