import { Binary, type Document, Long, ObjectId, Timestamp } from 'bson';

/** The term of the set's only election. */
const TERM = Long.fromNumber(1);

/** Clients of an unauthenticated server never verify it: a zero HMAC, as mongod sends without keys. */
const SIGNATURE = Object.freeze({ hash: new Binary(Buffer.alloc(20)), keyId: Long.fromNumber(0) });

/**
 * The engine presented as the primary of a one-member replica set, which is
 * what drivers require before they use transactions and retryable writes.
 * There is no replication: the member is always primary, its single
 * election fixed for the life of the process.
 */
export class ReplicaSetMember {
  /** Fixed per process, so drivers never see a newer primary. */
  readonly electionId = new ObjectId();
  private opTime: Timestamp;
  private opDate: Date;
  private gossip: Document;

  constructor(
    readonly setName: string,
    /** `host:port` clients reach this server at. */
    private readonly address: () => string,
  ) {
    this.opDate = new Date();
    this.opTime = new Timestamp({ t: Math.floor(this.opDate.getTime() / 1000), i: 1 });
    this.gossip = { clusterTime: this.opTime, signature: SIGNATURE };
  }

  /** The time of the last write: it becomes every reply's `operationTime` and cluster time. */
  advance(): void {
    const now = new Date();
    const seconds = Math.floor(now.getTime() / 1000);
    const { t, i } = this.opTime;
    this.opTime = new Timestamp(seconds > t ? { t: seconds, i: 1 } : { t, i: i + 1 });
    this.opDate = now;
    this.gossip = { clusterTime: this.opTime, signature: SIGNATURE };
  }

  /** Adds `$clusterTime` and `operationTime`, which replica set members put in every reply. */
  stamp(reply: Document): Document {
    reply.$clusterTime = this.gossip;
    reply.operationTime = this.opTime;
    return reply;
  }

  private optime(): Document {
    return { ts: this.opTime, t: TERM };
  }

  /** The replica set fields of `hello`. */
  helloFields(): Document {
    const me = this.address();
    return {
      hosts: [me],
      setName: this.setName,
      setVersion: 1,
      secondary: false,
      primary: me,
      me,
      electionId: this.electionId,
      lastWrite: {
        opTime: this.optime(),
        lastWriteDate: this.opDate,
        majorityOpTime: this.optime(),
        majorityWriteDate: this.opDate,
      },
    };
  }

  /** A minimal `replSetGetStatus`: the one member, healthy and primary. */
  status(): Document {
    return {
      set: this.setName,
      date: new Date(),
      myState: 1,
      term: TERM,
      members: [
        {
          _id: 0,
          name: this.address(),
          health: 1,
          state: 1,
          stateStr: 'PRIMARY',
          optime: this.optime(),
          optimeDate: this.opDate,
          electionId: this.electionId,
          self: true,
        },
      ],
    };
  }
}
