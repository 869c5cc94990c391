import { loadSettings } from '../settings/settings.service';
import { periodKeys } from '../time/calendar';
import { LedgerEntryModel } from './ledger-entry.model';
import { totalId } from './total.model';

/**
 * Every period total recomputed from the ledger alone (`<period>:<person>` →
 * points), streaming it once: what the incremental totals must equal.
 */
export async function totalsFromLedger(): Promise<Map<string, number>> {
  const settings = await loadSettings();
  const totals = new Map<string, number>();
  const entries = LedgerEntryModel.find({}, { person: 1, points: 1, occurredAt: 1 })
    .lean()
    .cursor({ batchSize: 5000 });
  for await (const entry of entries) {
    const keys = periodKeys(entry.occurredAt, settings.timeZone, settings.firstDayOfWeek);
    for (const period of Object.values(keys)) {
      const id = totalId(period, entry.person);
      totals.set(id, (totals.get(id) ?? 0) + entry.points);
    }
  }
  return totals;
}
