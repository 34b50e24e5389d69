// The public API of @dialhook/testing.

export type { SignedRequest, SignedRequestOptions } from './signed-request.js';
export { signedRequest } from './signed-request.js';
