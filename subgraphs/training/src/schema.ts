import type { SubgraphDefinition } from '@weace/service-kit';
import { AssessmentResolver } from './assessment/assessment.resolver';
import { AttemptResolver } from './attempt/attempt.resolver';
import { CertificateResolver } from './certificate/certificate.resolver';
import { LessonResolver, ModuleResolver } from './content/content.resolver';
import { CourseResolver, courseReference } from './course/course.resolver';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { ReportResolver } from './report/report.resolver';
import { TrainingUserResolver } from './user/user.resolver';
import { userReference } from './user/user.model';

/** The training subgraph's schema: `Course` as an entity, and the person's training on `User`. */
export const trainingSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    CourseResolver,
    ModuleResolver,
    LessonResolver,
    AssessmentResolver,
    AttemptResolver,
    EnrollmentResolver,
    CertificateResolver,
    ReportResolver,
    TrainingUserResolver,
  ],
  referenceResolvers: { Course: courseReference, User: userReference },
};
