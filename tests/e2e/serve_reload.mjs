// Runs the reload script of shouhu serve as a page would (e2e/serve.sh):
//
//   node tests/e2e/serve_reload.mjs URL SCRIPT GEN
//
// URL is the preview's address, SCRIPT the file of /__shouhu/reload.js and
// GEN the page's generation (its data-gen).  Prints "v=SENT got=ANSWER" for
// each poll and "reload" when the script reloads the page, then exits 0.
import fs from 'node:fs';

const [base, file, gen] = process.argv.slice(2);
const realFetch = globalThis.fetch;

globalThis.fetch = async (url, opts) => {
  const r = await realFetch(base + url, opts);
  const text = await r.clone().text();
  console.log(`v=${new URL(base + url).searchParams.get('v')} got=${text.trim()}`);
  return r;
};
globalThis.document = {
  currentScript: { getAttribute: (n) => (n === 'data-gen' ? gen : null) },
};
globalThis.location = {
  reload: () => {
    console.log('reload');
    process.exit(0);
  },
};
(0, eval)(fs.readFileSync(file, 'utf8'));
