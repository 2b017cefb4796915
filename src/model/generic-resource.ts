import { Resource } from './resource.js';
import type { Session } from './session.js';

/**
 * A resource of a type without a model class of its own (locationPolicy, schedule, a
 * flexContainer specialisation, …): the common operations, navigation and discovery, with its
 * attributes typed by the generated interface where the type is known.
 */
export class GenericResource<N extends string = string> extends Resource<N> {
  constructor(session: Session, typeName: N, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, typeName, address, attributes);
  }
}
