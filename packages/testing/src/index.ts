// The public API of @dialhook/testing. The `dialhook` command lives in cli.ts and cli/.

export type { DeepPartial, DialIds, EventOverrides } from './events.js';
export { createAllEvents, createEvent } from './events.js';
export type { BadRequest, SignedRequest, SignedRequestOptions } from './signed-request.js';
export { badRequests, signedRequest } from './signed-request.js';
