import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A file staged by `POST /uploads` (`upload`, kit migration `Uploads`): every subgraph has the table,
 * the ones that mount `uploadRoute` fill it. A mutation attaches it once (`consumeUpload`); rows
 * never attached are swept with their blob after `expiresAt`.
 */
@Entity({ tableName: 'upload' })
@Index({ properties: ['expiresAt'] })
export class UploadRecord {
  /** `upl_` and 26 random base32 characters: unguessable, since an anonymous upload is claimed by its id. */
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  /** One of `UploadPurpose`. */
  @Property({ type: 'string', length: 40 })
  purpose!: string;

  /** The uploading user; null for an anonymous caller (APPLICATION_DOCUMENT only). */
  @Property({ type: 'string', length: 60, nullable: true })
  ownerUserId!: string | null;

  @Property({ type: 'string', length: 200 })
  blobKey!: string;

  /** The sniffed type, never the one the client named. */
  @Property({ type: 'string', length: 60 })
  contentType!: string;

  @Property({ type: 'integer' })
  byteSize!: number;

  /** Hex SHA-256 of the bytes. */
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** When a mutation attached it; null while staged. */
  @Property({ type: 'datetime', nullable: true })
  consumedAt!: Date | null;
}

/** The kit's own entities every subgraph's database gets besides the event tables. */
export const KIT_ENTITIES = [UploadRecord];
