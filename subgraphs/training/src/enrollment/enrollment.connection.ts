import { ConnectionType } from '@weace/service-kit';
import { ObjectType } from 'type-graphql';
import { Enrollment } from './enrollment.model';

@ObjectType({ description: 'A page of enrollments, newest first' })
export class EnrollmentConnection extends ConnectionType(Enrollment) {}
