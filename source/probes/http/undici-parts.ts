/**
 * The three parts of undici that uptop uses, loaded by file rather than through undici's index. The index
 * also loads its fetch, WebSocket, cache, mock and EventSource layers (and node:zlib): bundled, 55 ms of
 * every probing thread's start (the worker, `--once`, `--json`) against 28 ms for these three files. The
 * paths are undici's own layout, pinned by the lockfile; a move breaks the build, not a probe at run time.
 * Types come from undici's public declarations.
 */
import type {Agent as UndiciAgent, Client as UndiciClient, buildConnector as undiciBuildConnector} from 'undici';
import agent from 'undici/lib/dispatcher/agent.js';
import client from 'undici/lib/dispatcher/client.js';
import connect from 'undici/lib/core/connect.js';

export const Agent = agent as typeof UndiciAgent;
export const Client = client as typeof UndiciClient;
export const buildConnector = connect as typeof undiciBuildConnector;
