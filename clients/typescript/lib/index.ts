// The package's root entry: the generated SDK (one function per operation, the contract's
// types), and the client they all call by default, to configure once (`client.setConfig`).
export * from '../src/index.js';
export { client } from '../src/client.gen.js';
export { createClient, createConfig } from '../src/client/index.js';
export type { Client, Config, RequestResult } from '../src/client/index.js';
