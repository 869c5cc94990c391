import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import { type CertificateDocument, CertificateModel } from './certificate.model';

/** Each enrollment's certificate, one `find` per request. */
export const certificateByEnrollment = defineLoader<
  string,
  CertificateDocument | null,
  ServiceContext
>({
  name: 'certificateByEnrollment',
  async batch(enrollmentIds) {
    const certificates = await CertificateModel.find({
      enrollmentId: { $in: enrollmentIds.map((id) => new Types.ObjectId(id)) },
    }).exec();
    return byKeys(enrollmentIds, certificates, (certificate) => String(certificate.enrollmentId));
  },
});
