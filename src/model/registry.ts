import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { resourceTypeTable } from '../../generated/registry.gen.js';
import { AccessControlPolicy } from './access-control-policy.js';
import { AE } from './ae.js';
import { Container } from './container.js';
import { ContentInstance } from './content-instance.js';
import { CSEBase } from './cse-base.js';
import { FlexContainer } from './flex-container.js';
import { GenericResource } from './generic-resource.js';
import { Group } from './group.js';
import { MgmtObj } from './mgmt-obj.js';
import { Node } from './node.js';
import { PollingChannel } from './polling-channel.js';
import { RemoteCSE } from './remote-cse.js';
import type { Resource } from './resource.js';
import type { Session } from './session.js';
import { Subscription } from './subscription.js';
import { TimeSeriesInstance } from './time-series-instance.js';
import { TimeSeries } from './time-series.js';

/** Makes the model object for a resource of some type. */
export type ModelFactory = (
  session: Session,
  typeName: string,
  address: string,
  attributes: Readonly<Record<string, unknown>>,
) => Resource;

type ModelClass = new (session: Session, address: string, attributes: Readonly<Record<string, unknown>>) => Resource;

// Built on first use, not at module load: the classes import each other in cycles that are only
// safe while no module touches another's class at load time.
let factories: Map<string, ModelFactory> | undefined;

function build(): Map<string, ModelFactory> {
  const classes: ReadonlyArray<readonly [string, ModelClass]> = [
    ['m2m:acp', AccessControlPolicy],
    ['m2m:ae', AE],
    ['m2m:cb', CSEBase],
    ['m2m:cin', ContentInstance],
    ['m2m:cnt', Container],
    ['m2m:csr', RemoteCSE],
    ['m2m:fcnt', FlexContainer],
    ['m2m:grp', Group],
    ['m2m:nod', Node],
    ['m2m:pch', PollingChannel],
    ['m2m:sub', Subscription],
    ['m2m:ts', TimeSeries],
    ['m2m:tsi', TimeSeriesInstance],
  ];
  const map = new Map<string, ModelFactory>(
    classes.map(([typeName, Class]) => [
      typeName,
      (session, _typeName, address, attributes) => new Class(session, address, attributes),
    ]),
  );
  for (const { typeName, ty } of resourceTypeTable) {
    if (ty === ResourceType.MgmtObj)
      map.set(typeName, (session, name, address, attributes) => new MgmtObj(session, name, address, attributes));
  }
  return map;
}

// A root name the tables do not know may still be a flexContainer specialisation: its ty says so.
const generic: ModelFactory = (session, typeName, address, attributes) =>
  attributes['ty'] === ResourceType.FlexContainer
    ? new FlexContainer(session, address, attributes, typeName)
    : new GenericResource(session, typeName, address, attributes);

/** The factory for a type name: its class, MgmtObj for management objects, FlexContainer for specialisations (ty 28), else GenericResource. */
export function modelFactory(typeName: string): ModelFactory {
  factories ??= build();
  return factories.get(typeName) ?? generic;
}
