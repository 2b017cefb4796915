import type { MemberShapes, ValueShape } from '../codegen-api/shape.js';

/**
 * Primitive content roots that are not resources (TS-0004 §7.5.2, Tables 7.5.2-1/-2): the shape
 * of their value and their long name. The generated shapes cover resources and complex types;
 * these wrappers are the rest, shared by the XML codec and the long-name view.
 */
export const WRAPPER_ROOTS: Readonly<Record<string, { readonly shape: ValueShape; readonly longName: string }>> = {
  'm2m:uri': { shape: 's', longName: 'm2m:URI' },
  'm2m:uril': { shape: '[s', longName: 'm2m:URIList' },
  'm2m:dbg': { shape: 's', longName: 'm2m:debugInfo' },
  'm2m:atrl': { shape: '[s', longName: 'm2m:attributeList' },
  'm2m:rrl': { shape: 'm2m:listOfChildResourceRef', longName: 'm2m:resourceRefList' },
  'm2m:sgn': { shape: 'm2m:notification', longName: 'm2m:notification' },
  'm2m:rqp': { shape: 'm2m:requestPrimitive', longName: 'm2m:requestPrimitive' },
  'm2m:rsp': { shape: 'm2m:responsePrimitive', longName: 'm2m:responsePrimitive' },
  'm2m:agn': { shape: 'm2m:agn', longName: 'm2m:aggregatedNotification' },
  'm2m:agr': { shape: 'm2m:agr', longName: 'm2m:aggregatedResponse' },
  'm2m:rce': { shape: 'm2m:rce', longName: 'm2m:resourceWrapper' },
};

/** Members of the wrapper roots that have no complex-type schema. */
export const WRAPPER_MEMBERS: Readonly<Record<string, MemberShapes>> = {
  // aggregatedNotification / aggregatedResponse repeat a global element, so the prefix stays.
  'm2m:agn': { 'm2m:sgn': '[m2m:notification' },
  'm2m:agr': { 'm2m:rsp': '[m2m:responsePrimitive' },
  // resourceWrapper (§6.3.5.25) also holds one resource under its type name.
  'm2m:rce': { uri: 's' },
};
