// Runs @dialhook/core's verify() beside a bare node:crypto check and the verifiers of
// @octokit/webhooks-methods, svix and stripe on the same bodies, and reports each as a ratio
// to the bare check measured in the same run. Uses the built package, as users get it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sign, verify } from '@dialhook/core';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { measure } from 'mitata';
import Stripe from 'stripe';
import { Webhook } from 'svix';

const SECRET = 'vogent_test_secret_7f3a9c';
const BASELINE = 'bare node:crypto (baseline)';
export const SIZES = [
  ['1 KiB', 1024],
  ['64 KiB', 64 * 1024],
  ['1 MiB', 1024 * 1024],
];

/** The check that Vogent's docs show, with a strict length check: the baseline. */
function bareCheck(body, signature, secret) {
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(expected, given);
}

/** A JSON body of exactly `size` bytes, shaped like a transcript event. */
function bodyOf(size) {
  const head = '{"event":"dial.transcript","payload":{"dial_id":"d-1","transcript":[{"text":"';
  const tail = '","speaker":"HUMAN"}]}}';
  return Buffer.from(head + 'a'.repeat(size - head.length - tail.length) + tail);
}

async function candidates(body) {
  const text = body.toString('utf8');
  const signature = await sign(body, SECRET);
  const octokitSignature = `sha256=${signature}`;

  const svixSecret = `whsec_${Buffer.from(SECRET).toString('base64')}`;
  const svix = new Webhook(svixSecret);
  const svixId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const svixTime = new Date();
  const svixHeaders = {
    'svix-id': svixId,
    'svix-timestamp': String(Math.floor(svixTime.getTime() / 1000)),
    'svix-signature': svix.sign(svixId, svixTime, text),
  };

  const stripe = new Stripe('sk_test_unused');
  const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: text, secret: SECRET });

  const checks = {
    [BASELINE]: () => bareCheck(body, signature, SECRET),
    '@dialhook/core verify': () => verify(body, signature, SECRET),
    '@octokit/webhooks-methods verify': () => octokitVerify(SECRET, text, octokitSignature),
    'svix Webhook.verify': () => svix.verify(text, svixHeaders),
    'stripe signature.verifyHeader': () =>
      stripe.webhooks.signature.verifyHeader(body, stripeHeader, SECRET),
  };
  const batches = {};
  for (const [name, check] of Object.entries(checks)) {
    // A benchmark of a check that fails would measure the wrong path.
    const result = check();
    if ((await result) === false) throw new Error(`${name} does not accept its own signature`);
    batches[name] = batchOf(check, typeof result?.then === 'function');
  }
  return batches;
}

// Each candidate runs BATCH calls inside one async function, so that the harness treats them
// all alike; an async verifier awaits every call, as a request handler would, so its promise
// is paid for, while a sync one pays for no await it does not need.
const BATCH = 100;
function batchOf(check, isAsync) {
  return isAsync
    ? async () => {
        for (let i = 0; i < BATCH; i++) await check();
      }
    : async () => {
        for (let i = 0; i < BATCH; i++) check();
      };
}

const ROUNDS = 5;
const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Measures every verifier at every size; returns rows of { size, name, ns, ratio }.
 * The machine is shared, so each size is measured in five rounds that interleave the candidates;
 * a row's ratio is the median over the rounds of (its median time / the baseline's median
 * time in the same round), and `ns` the median of its times per call.
 */
export async function benchVerify() {
  const rows = [];
  for (const [label, size] of SIZES) {
    const checks = await candidates(bodyOf(size));
    const names = Object.keys(checks);
    const times = Object.fromEntries(names.map((name) => [name, []]));
    const ratios = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const p50 = {};
      for (const name of names) {
        p50[name] = (await measure(checks[name], { min_cpu_time: 300 * 1e6 })).p50 / BATCH;
        times[name].push(p50[name]);
      }
      for (const name of names) ratios[name].push(p50[name] / p50[BASELINE]);
    }
    for (const name of names) {
      rows.push({ size: label, name, ns: median(times[name]), ratio: median(ratios[name]) });
    }
  }
  return rows;
}
