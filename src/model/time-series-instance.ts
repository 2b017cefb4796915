import { TimeSeriesInstanceDescriptor } from '../../generated/resources/time-series-instance.gen.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';

/** One data point of a timeSeries. It cannot be changed, only deleted. */
export class TimeSeriesInstance extends Resource<'m2m:tsi'> {
  static override readonly descriptor = TimeSeriesInstanceDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:tsi', address, attributes);
  }

  /** The value (con), as stored: JSON values stay what they were. */
  get content(): unknown {
    return this.attributes.con;
  }

  /** dataGenerationTime (dgt). */
  get dgt(): string {
    return String(this.attributes.dgt);
  }

  /** sequenceNr (snr). */
  get snr(): number | undefined {
    return this.attributes.snr;
  }
}
