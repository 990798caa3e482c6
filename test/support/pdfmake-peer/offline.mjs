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
