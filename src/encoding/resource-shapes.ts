import { specializationShapes } from '../../generated/flexcontainers/shapes.gen.js';
import { resourceShapes } from '../../generated/shapes.gen.js';
import type { MemberShapes } from '../codegen-api/shape.js';

// The wire shapes of a resource's attributes by its root name: a resource type of the schemas, or
// a flexContainer specialisation (or its instance variant), whose shapes are its base type's plus
// its custom attributes'.

let specializations: Map<string, MemberShapes> | undefined;

function build(): Map<string, MemberShapes> {
  const map = new Map<string, MemberShapes>();
  for (const [typeName, { base, instance, members }] of Object.entries(specializationShapes)) {
    map.set(typeName, { ...resourceShapes[base], ...members });
    if (instance) map.set(instance[0], { ...resourceShapes[instance[1]], ...members });
  }
  return map;
}

/** The shapes of every attribute of the resources under root `typeName`, or undefined when it names no resource type. */
export function resourceMemberShapes(typeName: string): MemberShapes | undefined {
  if (Object.hasOwn(resourceShapes, typeName)) return resourceShapes[typeName];
  specializations ??= build();
  return specializations.get(typeName);
}
