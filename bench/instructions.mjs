// Instruction counts, which the load of a shared machine does not change: each verifier runs
// under valgrind's callgrind N and 2N times, and the difference over N is its steady-state
// cost per call, without start-up, warm-up or JIT compilation. Two runs agree to within a few
// instructions per call.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./instructions-worker.mjs', import.meta.url));

// Fewer calls for larger bodies: under valgrind one 1 MiB HMAC takes tens of milliseconds.
const SIZES = [
  ['1 KiB', 1024, 10_000],
  ['64 KiB', 64 * 1024, 1_000],
  ['1 MiB', 1024 * 1024, 100],
];

/** True when valgrind is on the PATH. */
export async function hasValgrind() {
  try {
    await run('valgrind', ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function count(which, size, calls) {
  // --predictable keeps V8 from compiling and collecting on background threads, whose timing
  // otherwise moves the count by several per cent from one run to the next.
  const node = ['node', '--predictable', worker];
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...node];
  const { stderr } = await run('valgrind', [...args, which, size, calls], {
    maxBuffer: 1 << 24,
  });
  const collected = /Collected : (\d+)/.exec(stderr);
  if (!collected) throw new Error(`callgrind printed no count for ${which}`);
  return Number(collected[1]);
}

async function perCall(which, size, calls) {
  const [once, twice] = await Promise.all([
    count(which, size, calls),
    count(which, size, 2 * calls),
  ]);
  return (twice - once) / calls;
}

/** Rows of { size, bare, verify, ratio }: instructions per call and their ratio. */
export async function countInstructions() {
  const rows = [];
  for (const [label, size, calls] of SIZES) {
    const bare = await perCall('bare', size, calls);
    const verify = await perCall('verify', size, calls);
    rows.push({ size: label, bare, verify, ratio: verify / bare });
  }
  return rows;
}
