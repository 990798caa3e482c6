// Runs pdfmake's examples one after another in this process (cwd: the examples folder), each writing
// pdfs/<name>.pdf as it does on its own; prints one JSON line: which examples failed, and why.
const { readdirSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const pdfmake = require('pdfmake');

const pending = [];
const createPdf = pdfmake.createPdf;
// The examples start their write and do not wait for it; keep its promise to wait for it here.
pdfmake.createPdf = function (...args) {
  const doc = createPdf.apply(this, args);
  const write = doc.write;
  doc.write = function (...a) {
    const p = write.apply(this, a);
    pending.push(p);
    return p;
  };
  return doc;
};

(async () => {
  mkdirSync('pdfs', { recursive: true });
  const failed = {};
  const errors = [];
  const log = console.error;
  console.error = (...a) => errors.push(a.map(String).join(' '));
  console.log = () => {};
  for (const name of readdirSync('.').filter((n) => n.endsWith('.js')).sort()) {
    pending.length = 0;
    errors.length = 0;
    try {
      require(join(process.cwd(), name));
      const results = await Promise.allSettled(pending);
      const bad = results.find((r) => r.status === 'rejected');
      if (bad) failed[name] = String(bad.reason && bad.reason.message || bad.reason);
      else if (pending.length === 0) failed[name] = 'wrote no PDF';
      else if (errors.length) failed[name] = errors[0];
    } catch (err) {
      failed[name] = String(err && err.message || err);
    }
  }
  console.error = log;
  // Whether briefing's RTL hooks are on the classes these examples used.
  const TextInlines = require('pdfmake/js/TextInlines.js').default;
  const rtl = Boolean(TextInlines.prototype[Symbol.for('briefing.rtl.installed')]);
  process.stdout.write(`${JSON.stringify({ failed, rtl })}\n`);
})();
