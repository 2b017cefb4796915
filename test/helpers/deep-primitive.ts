import { encode as cborEncode } from 'cborg';

// A create request whose content nests `depth` lists deep (in lbl of a container named `rn`),
// with its rqi written after the content, built as bytes so that no encoder recurses that deep.

export function deepRequest(encoding: 'json' | 'cbor', options: { rqi: string; rn: string; depth: number }): Buffer {
  const head = { op: 1, to: 'cse-in', fr: 'CAdmin', rvi: '3', ty: 3 };
  if (encoding === 'json') {
    const deep = `${'['.repeat(options.depth)}"x"${']'.repeat(options.depth)}`;
    const members = JSON.stringify(head).slice(1, -1);
    return Buffer.from(
      `{${members},"pc":{"m2m:cnt":{"rn":${JSON.stringify(options.rn)},"lbl":${deep}}},"rqi":${JSON.stringify(options.rqi)}}`,
    );
  }
  const entries = Object.entries(head);
  const parts: Uint8Array[] = [Uint8Array.of(0xa0 + entries.length + 2)];
  for (const [key, value] of entries) parts.push(cborEncode(key), cborEncode(value));
  // pc: { "m2m:cnt": { rn, lbl: [[[…"x"…]]] } }
  parts.push(cborEncode('pc'), Uint8Array.of(0xa1), cborEncode('m2m:cnt'), Uint8Array.of(0xa2));
  parts.push(cborEncode('rn'), cborEncode(options.rn), cborEncode('lbl'));
  parts.push(new Uint8Array(options.depth).fill(0x81), cborEncode('x'));
  parts.push(cborEncode('rqi'), cborEncode(options.rqi));
  return Buffer.concat(parts);
}
