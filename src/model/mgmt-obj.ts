import { resourceTypeTable } from '../../generated/registry.gen.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';
import type { MgmtTypeName } from './types.js';

/**
 * A management object (ty 13) of any specialisation, typed by its type name:
 * `MgmtObj<'m2m:fwr'>` is a firmware object with the generated Firmware attributes. Create them
 * under a node with the generated descriptor: `node.mgmtObj(FirmwareDescriptor, 'fw', {...})`
 * (mgd is filled in).
 */
export class MgmtObj<N extends string = MgmtTypeName> extends Resource<N> {
  constructor(session: Session, typeName: N, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, typeName, address, attributes);
  }

  /** mgmtDefinition (mgd): which specialisation, e.g. 1001 for firmware. */
  get mgd(): number | undefined {
    return this.get('mgd') as number | undefined;
  }

  /** The specialisation's name from the generated tables, e.g. `Firmware`. */
  get specialization(): string | undefined {
    return resourceTypeTable.find((t) => t.typeName === this.typeName)?.name;
  }

  /** description (dc). */
  get dc(): string | undefined {
    return this.get('dc') as string | undefined;
  }
}

/** Named views of the common specialisations. */
export type Firmware = MgmtObj<'m2m:fwr'>;
export type Software = MgmtObj<'m2m:swr'>;
export type Memory = MgmtObj<'m2m:mem'>;
export type Battery = MgmtObj<'m2m:bat'>;
export type DeviceInfo = MgmtObj<'m2m:dvi'>;
export type DeviceCapability = MgmtObj<'m2m:dvc'>;
export type Reboot = MgmtObj<'m2m:rbo'>;
export type EventLog = MgmtObj<'m2m:evl'>;
export type AreaNetworkInfo = MgmtObj<'m2m:ani'>;
export type AreaNetworkDeviceInfo = MgmtObj<'m2m:andi'>;
