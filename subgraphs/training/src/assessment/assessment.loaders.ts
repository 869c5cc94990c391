import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import { type AssessmentDocument, AssessmentModel } from './assessment.model';

/** The assessment of each ASSESSMENT lesson, one `find` per request. */
export const assessmentByLesson = defineLoader<string, AssessmentDocument | null, ServiceContext>({
  name: 'assessmentByLesson',
  async batch(lessonIds) {
    const assessments = await AssessmentModel.find({
      lessonId: { $in: lessonIds.map((id) => new Types.ObjectId(id)) },
    }).exec();
    return byKeys(lessonIds, assessments, (assessment) => String(assessment.lessonId));
  },
});

export const assessmentById = defineLoader<string, AssessmentDocument | null, ServiceContext>({
  name: 'assessmentById',
  async batch(ids) {
    const assessments = await AssessmentModel.find({ _id: { $in: ids } }).exec();
    return byKeys(ids, assessments, (assessment) => assessment.id as string);
  },
});
