// `pnpm bench`: the verifier's speed as ratios to a bare node:crypto check, and the size of
// the Worker bundle. Prints Markdown, ready for docs/benchmarks.md.
import { countInstructions, hasValgrind } from './instructions.mjs';
import { measureWorkerSize, workerSizeMarkdown } from './size.mjs';
import { benchVerify } from './verify.mjs';

const format = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`);

console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('## verify: median time per call, and ratio to the bare node:crypto check\n');
console.log('| body | verifier | median | ratio |');
console.log('| --- | --- | ---: | ---: |');
for (const row of await benchVerify()) {
  console.log(`| ${row.size} | ${row.name} | ${format(row.ns)} | ${row.ratio.toFixed(3)}× |`);
}

console.log('\n## Worker bundle size\n');
console.log(workerSizeMarkdown(await measureWorkerSize()).join('\n'));

console.log('\n## verify: instructions per call (valgrind), and ratio to the bare check\n');
if (await hasValgrind()) {
  console.log('| body | bare node:crypto | @dialhook/core verify | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const row of await countInstructions()) {
    const n = (x) => Math.round(x).toLocaleString('en-US');
    console.log(`| ${row.size} | ${n(row.bare)} | ${n(row.verify)} | ${row.ratio.toFixed(3)}× |`);
  }
} else {
  console.log('valgrind is not installed: skipped.');
}
