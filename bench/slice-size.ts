// Prints the shipped size of the AE+CNT+CIN slice (types, descriptors, CRUD functions and
// create validators) against the baseline of bundling every generated module, in one run.
import { bundle, EVERYTHING_ENTRY, SLICE_ENTRY } from '../test/helpers/bundle.js';

const slice = await bundle(SLICE_ENTRY);
const everything = await bundle(EVERYTHING_ENTRY);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`AE+CNT+CIN slice: ${kib(slice.bytes)} minified, ${kib(slice.gzipBytes)} gzip`);
console.log(`all generated:    ${kib(everything.bytes)} minified, ${kib(everything.gzipBytes)} gzip`);
console.log(
  `ratio slice/all:  ${(slice.bytes / everything.bytes).toFixed(3)} minified, ${(slice.gzipBytes / everything.gzipBytes).toFixed(3)} gzip`,
);
