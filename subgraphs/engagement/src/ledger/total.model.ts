import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { engagementDb } from '../db';

/**
 * A person's points in one period (`ALL`, `W2026-03-02`, `M2026-03`), updated
 * in the same transaction as the ledger entry that changes it. Name,
 * department and opt-out travel with it so a board is one ordered index scan
 * and a rank one count.
 */
@index({ period: 1, optedOut: 1, points: -1, name: 1, person: 1 })
@index({ period: 1, department: 1, optedOut: 1, points: -1, name: 1, person: 1 })
@index({ person: 1 })
@modelOptions({ schemaOptions: { collection: 'totals' } })
export class Total {
  /** `<period>:<person>`. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true })
  period!: string;

  @prop({ required: true })
  person!: string;

  @prop({ required: true, default: 0 })
  points!: number;

  @prop({ default: '' })
  name!: string;

  @prop({ type: String, default: null })
  department!: string | null;

  @prop({ required: true, default: false })
  optedOut!: boolean;
}

export const TotalModel = getModelForClass(Total, { existingConnection: engagementDb });

export function totalId(period: string, person: string): string {
  return `${period}:${person}`;
}
