// Preloaded (node --import) into every run of pdfmake's own specs and examples, stock and with the
// RTL layer alike: no test touches the network. pdfmake fetches http(s) images with fetch(); here every
// URL answers with the examples' own sample image (images.js shows one from picsum.photos).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const sample = process.env.PDFMAKE_PEER_SAMPLE_IMAGE;
globalThis.fetch = async (url) => {
  if (!sample) throw new Error(`network disabled in tests: ${url}`);
  return new Response(readFileSync(join(sample)), { status: 200, headers: { 'content-type': 'image/jpeg' } });
};

// snaking_columns.js prints Math.random() amounts: the same seeded sequence in every run makes the
// stock and the layered pages comparable.
let seed = 0x2f6b3a1d;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
