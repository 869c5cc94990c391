import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { authDb } from '../db';

/** What a counter counts failed logins of. */
export enum ThrottleScope {
  /** One account from anywhere: slows its logins down, never refuses them. */
  Account = 'account',
  /** One account from one client IP: the strict limit. */
  AccountIp = 'account-ip',
  /** One client IP on any account. */
  Ip = 'ip',
}

/**
 * Failed logins of one account, one account from one IP, or one client IP, in one fixed window. Every
 * replica of the auth service counts in the same document with an atomic
 * `$inc`, so they agree; the TTL index deletes the document when its window
 * has ended.
 */
@index({ expiresAt: 1 }, { expireAfterSeconds: 0 })
@modelOptions({ schemaOptions: { collection: 'login_failures', versionKey: false } })
export class LoginFailures {
  /** `<scope>:<SHA-256 of the email, IP or both>:<window number>`: no address is stored as such. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true, type: String, enum: ThrottleScope })
  scope!: ThrottleScope;

  /** Attempts that failed, plus those still in flight. */
  @prop({ required: true, default: 0 })
  failures!: number;

  /** When the window ends. */
  @prop({ required: true })
  expiresAt!: Date;
}

export const LoginFailuresModel = getModelForClass(LoginFailures, { existingConnection: authDb });
