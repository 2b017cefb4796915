import { TimeSeriesDescriptor } from '../../generated/resources/time-series.gen.js';
import { TimeSeriesInstanceDescriptor } from '../../generated/resources/time-series-instance.gen.js';
import type { RequestOptions } from '../client/options.js';
import { toTimestamp } from '../time/timestamp.js';
import { toBase64 } from './base64.js';
import { instanceAt } from './container.js';
import type { JsonValue } from './content.js';
import { Resource, type ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { TimeSeriesInstance } from './time-series-instance.js';
import type { CreateInput } from './types.js';

/** Options of addDataPoint: any timeSeriesInstance attribute besides con; dgt defaults to now. */
export type DataPointOptions = Omit<CreateInput<'m2m:tsi'>, 'con' | 'dgt'> & {
  readonly dgt?: Date | string | number;
  readonly request?: RequestOptions;
};

/** A timeSeries: data points with their generation times, with missing-data detection. */
export class TimeSeries extends Resource<'m2m:ts'> {
  static override readonly descriptor = TimeSeriesDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:ts', address, attributes);
  }

  /** currentNrOfInstances (cni), as last seen. */
  get cni(): number {
    return this.attributes.cni;
  }
  /** periodicInterval (pei), milliseconds. */
  get pei(): number | undefined {
    return this.attributes.pei;
  }
  /** missingDataDetect (mdd). */
  get mdd(): boolean | undefined {
    return this.attributes.mdd;
  }

  /**
   * Adds a data point. JSON values are stored as they are (con is jsonLike), except in XML,
   * which holds text only: there non-string values are sent as JSON text. Bytes go as base64.
   * dataGenerationTime defaults to now.
   */
  addDataPoint(value: JsonValue | Uint8Array, options: DataPointOptions = {}): Promise<TimeSeriesInstance> {
    const { request, dgt = new Date(), ...attributes } = options;
    const con =
      value instanceof Uint8Array
        ? toBase64(value)
        : typeof value !== 'string' && this.session.encoding === 'xml'
          ? JSON.stringify(value)
          : (value as NonNullable<CreateInput<'m2m:tsi'>['con']>);
    return this.create(
      TimeSeriesInstanceDescriptor,
      { ...attributes, con, dgt: dgt instanceof Date ? toTimestamp(dgt, { fractionDigits: 0 }) : dgt },
      request,
    );
  }

  /** The data points, oldest generation time first. */
  async timeSeriesInstances(options?: ListOptions): Promise<TimeSeriesInstance[]> {
    const instances = await this.children(TimeSeriesInstanceDescriptor, options);
    return instances.sort((a, b) => String(a.dgt).localeCompare(String(b.dgt)));
  }
  /** The values of the data points, oldest first. */
  async contents(options?: ListOptions): Promise<unknown[]> {
    return (await this.timeSeriesInstances(options)).map((tsi) => tsi.content);
  }
  /** The newest timeSeriesInstance (`la`), or undefined when there is none. */
  latestTimeSeriesInstance(options?: RequestOptions): Promise<TimeSeriesInstance | undefined> {
    return instanceAt<TimeSeriesInstance>(this, 'la', options);
  }
  /** The oldest timeSeriesInstance (`ol`), or undefined when there is none. */
  oldestTimeSeriesInstance(options?: RequestOptions): Promise<TimeSeriesInstance | undefined> {
    return instanceAt<TimeSeriesInstance>(this, 'ol', options);
  }
  /** The data point of the newest timeSeriesInstance, decoded, or undefined. */
  async latestContent(options?: RequestOptions): Promise<unknown> {
    return (await this.latestTimeSeriesInstance(options))?.content;
  }
  /** The data point of the oldest timeSeriesInstance, decoded, or undefined. */
  async oldestContent(options?: RequestOptions): Promise<unknown> {
    return (await this.oldestTimeSeriesInstance(options))?.content;
  }
}
