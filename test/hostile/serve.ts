// Runs the hostile server standalone (for bench/hostile.mjs and by hand): prints one JSON line
// with its URL and token, then serves until killed.
import { HOSTILE_TOKEN, startHostileServer } from './hostileServer.js';

const server = await startHostileServer();
process.stdout.write(`${JSON.stringify({ url: server.url, token: HOSTILE_TOKEN })}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
