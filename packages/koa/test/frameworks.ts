// Koa 3 and Koa 2 (installed side by side under the `koa2` alias), the body parsers and the
// router, for the tests that run against each major version. The tests in the root test/
// folder load them from here, since only this package depends on them.
import { createRequire } from 'node:module';
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';

const require = createRequire(import.meta.url);

/** The Koa application class; Koa 3's types cover what the tests use of Koa 2. */
export type KoaClass = typeof Koa;
/** A Koa application. */
export type KoaApp = Koa;
/** A Koa middleware with the default state and context. */
export type KoaMiddleware = Koa.Middleware;

/** Each major version of Koa the adapter supports, newest first. */
export const koaVersions: readonly { name: string; Koa: KoaClass }[] = [
  { name: 'koa 3', Koa },
  { name: 'koa 2', Koa: require('koa2') as KoaClass },
];

/** The part of @koa/router's Router the tests use; the package ships no types. */
export interface KoaRouter {
  post(path: string, ...middleware: Koa.Middleware[]): KoaRouter;
  all(path: string, ...middleware: Koa.Middleware[]): KoaRouter;
  routes(): Koa.Middleware;
}

/** @koa/router's Router class. */
export const Router = require('@koa/router') as new () => KoaRouter;

export { bodyParser, koaBodyParser };
