import { ConnectionType } from '@weace/service-kit';
import { ObjectType } from 'type-graphql';
import { User } from './user.model';

@ObjectType({ description: 'A page of users, in creation order' })
export class UserConnection extends ConnectionType(User) {}
