import type { SpecializationTypeName } from '../../generated/flexcontainers/type-map.gen.js';
import type { ResourceTypeName } from '../../generated/registry.gen.js';
import type { CreateContentOf, ResourceOf, TypeName, UpdateContentOf } from '../client/result-content.js';
import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
import type { AccessControlPolicy } from './access-control-policy.js';
import type { AE } from './ae.js';
import type { Container } from './container.js';
import type { ContentInstance } from './content-instance.js';
import type { CSEBase } from './cse-base.js';
import type { FlexContainer } from './flex-container.js';
import type { GenericResource } from './generic-resource.js';
import type { Group } from './group.js';
import type { MgmtObj } from './mgmt-obj.js';
import type { Node } from './node.js';
import type { PollingChannel } from './polling-channel.js';
import type { RemoteCSE } from './remote-cse.js';
import type { Subscription } from './subscription.js';
import type { TimeSeriesInstance } from './time-series-instance.js';
import type { TimeSeries } from './time-series.js';

// The type-level side of the model: which class stands for which resource type, and what a
// create or update of a type takes. Everything is derived from the generated ResourceTypeMap.

export type { TypeName };

/** A generated descriptor of the resource type `N` (`ContainerDescriptor` for `m2m:cnt`). */
export type DescriptorOf<N extends TypeName = TypeName> = ResourceDescriptor & { readonly typeName: N };

/** The attributes of a resource of type `N`; any attributes for types the schemas do not name. */
export type AttributesOf<N extends string> = N extends TypeName ? ResourceOf<N> : Record<string, unknown>;

/** The management object types (`m2m:fwr`, `m2m:dvi`, …): the resource types whose resources carry `mgd`. */
export type MgmtTypeName = {
  [K in ResourceTypeName]: ResourceOf<K> extends { readonly mgd: number } ? K : never;
}[ResourceTypeName];

/** The model class of each resource type with a class of its own. */
export interface ModelClassMap {
  'm2m:acp': AccessControlPolicy;
  'm2m:ae': AE;
  'm2m:cb': CSEBase;
  'm2m:cin': ContentInstance;
  'm2m:cnt': Container;
  'm2m:csr': RemoteCSE;
  'm2m:fcnt': FlexContainer;
  'm2m:grp': Group;
  'm2m:nod': Node;
  'm2m:pch': PollingChannel;
  'm2m:sub': Subscription;
  'm2m:ts': TimeSeries;
  'm2m:tsi': TimeSeriesInstance;
}

/**
 * The model object for a resource of type `N`: its class, FlexContainer for flexContainer
 * specialisations, MgmtObj for management objects, else GenericResource.
 */
export type ModelOf<N extends string> = N extends keyof ModelClassMap
  ? ModelClassMap[N]
  : N extends SpecializationTypeName
    ? FlexContainer<N>
    : N extends MgmtTypeName
      ? MgmtObj<N>
      : GenericResource<N>;

/**
 * What a create of type `N` takes through the model: `mgd` of management objects and `cnd` of
 * flexContainer specialisations are filled in.
 */
export type CreateInput<N extends string> = N extends TypeName
  ? 'mgd' extends keyof CreateContentOf<N>
    ? Omit<CreateContentOf<N>, 'mgd'> & { readonly mgd?: CreateContentOf<N>['mgd'] }
    : N extends SpecializationTypeName
      ? Omit<CreateContentOf<N>, 'cnd'> & { readonly cnd?: CreateContentOf<N>['cnd'] }
      : CreateContentOf<N>
  : Record<string, unknown>;

/** What an update of type `N` takes: the attributes to change (null resets one). */
export type UpdateInput<N extends string> = N extends TypeName ? UpdateContentOf<N> : Record<string, unknown>;
