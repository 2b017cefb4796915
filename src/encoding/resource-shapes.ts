import { specializationShapes } from '../../generated/flexcontainers/shapes.gen.js';
import { resourceShapes } from '../../generated/shapes.gen.js';
import type { MemberShapes } from '../codegen-api/shape.js';

// The wire shapes of a resource's attributes by its root name: a resource type of the schemas, or
// a flexContainer specialisation, whose shapes are its base type's plus its custom attributes'.

const merged = new Map<string, MemberShapes>();

/** The shapes of every attribute of the resources under root `typeName`, or undefined when it names no resource type. */
export function resourceMemberShapes(typeName: string): MemberShapes | undefined {
  if (Object.hasOwn(resourceShapes, typeName)) return resourceShapes[typeName];
  if (!Object.hasOwn(specializationShapes, typeName)) return undefined;
  let shapes = merged.get(typeName);
  if (!shapes) {
    const { base, members } = specializationShapes[typeName] as (typeof specializationShapes)[string];
    shapes = { ...resourceShapes[base], ...members };
    merged.set(typeName, shapes);
  }
  return shapes;
}
