// Express 5 and Express 4 (installed side by side under the `express4` alias), for the tests
// that run against each major version. The tests in the root test/ folder load Express from
// here, since only this package depends on it.
import { createRequire } from 'node:module';
import express, { type Express, type RequestHandler } from 'express';

const require = createRequire(import.meta.url);

/** The Express module's shape; Express 5's types cover what the tests use of Express 4. */
export type ExpressModule = typeof express;
export type { Express, RequestHandler };

/** Each major version of Express the adapter supports, newest first. */
export const expressVersions: readonly { name: string; express: ExpressModule }[] = [
  { name: 'express 5', express },
  { name: 'express 4', express: require('express4') as ExpressModule },
];
