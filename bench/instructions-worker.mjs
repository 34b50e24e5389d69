// Runs one verifier `calls` times on a body of `size` bytes; bench/instructions.mjs runs it
// under valgrind to count the instructions it takes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sign, verify } from '@dialhook/core';

const [which, size, calls] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const SECRET = 'vogent_test_secret_7f3a9c';
const body = Buffer.alloc(size, 'a');
const signature = await sign(body, SECRET);

function bareCheck() {
  const expected = createHmac('sha256', SECRET).update(body).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(expected, given);
}

let verified = 0;
if (which === 'bare') {
  for (let i = 0; i < calls; i++) if (bareCheck()) verified++;
} else {
  for (let i = 0; i < calls; i++) if (await verify(body, signature, SECRET)) verified++;
}
if (verified !== calls) throw new Error(`${which} refused its own signature`);
