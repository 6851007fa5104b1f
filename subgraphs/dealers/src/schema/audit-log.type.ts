import { AuditEntry, connectionType } from '@dnp/subgraph-kit';
import { ObjectType } from 'type-graphql';

@ObjectType('AuditEntryConnection', { description: 'A page of audit entries, newest first.' })
export class AuditEntryConnection extends connectionType(AuditEntry, 'AuditEntry', 'audit entry') {}
