import { ConnectionType } from '@weace/service-kit';
import { ObjectType } from 'type-graphql';
import { Certificate } from './certificate.model';

@ObjectType({ description: 'A page of certificates, in issue order' })
export class CertificateConnection extends ConnectionType(Certificate) {}
