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
/** A software management object (`m2m:swr`) below a node. */
export type Software = MgmtObj<'m2m:swr'>;
/** A memory management object (`m2m:mem`) below a node. */
export type Memory = MgmtObj<'m2m:mem'>;
/** A battery management object (`m2m:bat`) below a node. */
export type Battery = MgmtObj<'m2m:bat'>;
/** A deviceInfo management object (`m2m:dvi`) below a node. */
export type DeviceInfo = MgmtObj<'m2m:dvi'>;
/** A deviceCapability management object (`m2m:dvc`) below a node. */
export type DeviceCapability = MgmtObj<'m2m:dvc'>;
/** A reboot management object (`m2m:rbo`) below a node. */
export type Reboot = MgmtObj<'m2m:rbo'>;
/** A eventLog management object (`m2m:evl`) below a node. */
export type EventLog = MgmtObj<'m2m:evl'>;
/** A areaNetworkInfo management object (`m2m:ani`) below a node. */
export type AreaNetworkInfo = MgmtObj<'m2m:ani'>;
/** A areaNetworkDeviceInfo management object (`m2m:andi`) below a node. */
export type AreaNetworkDeviceInfo = MgmtObj<'m2m:andi'>;
