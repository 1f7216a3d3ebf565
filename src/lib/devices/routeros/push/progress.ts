import "server-only";

import { RouterOsConnectionError, RouterOsFatalError, RouterOsTimeoutError, type RouterOsClient } from "../api-client";

/** The session is gone (or hung): nothing more can be sent over it. A trap is not this: the router answered. */
export const isConnectionLost = (error: unknown, client?: RouterOsClient): boolean =>
  error instanceof RouterOsConnectionError || error instanceof RouterOsFatalError || error instanceof RouterOsTimeoutError || client?.closed === true;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
