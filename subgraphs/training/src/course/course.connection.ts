import { ConnectionType } from '@weace/service-kit';
import { ObjectType } from 'type-graphql';
import { Course } from './course.model';

@ObjectType({ description: 'A page of courses, in creation order' })
export class CourseConnection extends ConnectionType(Course) {}
