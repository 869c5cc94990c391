import { PeopleDirectory, type SubgraphDefinition } from '@weace/service-kit';
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
import { ReportResolver } from './report/report.resolver';
import { ReportService } from './report/report.service';
import { trainingDb } from './db';
import { trainingSchema } from './schema';
import { seedTrainingDemo } from './seed/demo-data';

export { DEMO_CERTIFICATE_CODE } from './seed/demo-data';

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
      const people = new PeopleDirectory(events, trainingDb);
      const courses = new CourseService(events, now);
      const certificates = new CertificateService(events, jobs, people, now);
      const completion = new CompletionService(events, certificates);
      const enrollments = new EnrollmentService(events, jobs, completion, now);
      const content = new ContentService(events, courses);
      const assessments = new AssessmentService(courses);
      const attempts = new AttemptService(events, jobs, completion, now);
      subscribeCheckIns(events, completion);
      subscribeDeletedUsers(events, enrollments);
      return {
        resolvers: [
          new CourseResolver(courses, now),
          new ModuleResolver(content, now),
          new LessonResolver(content),
          new AssessmentResolver(assessments),
          new AttemptResolver(attempts),
          new EnrollmentResolver(enrollments),
          new CertificateResolver(certificates),
          new ReportResolver(new ReportService(people, now)),
        ],
        seedDemo: (demoPeople) =>
          seedTrainingDemo(
            { courses, content, assessments, attempts, enrollments, now, people },
            demoPeople,
          ),
      };
    },
  };
}

export const trainingSubgraph = createTrainingSubgraph();
