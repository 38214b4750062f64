/** Child-process entry of `forkBareServer` (smtp-bare.ts): listens, reports its port, runs until killed. */
import { serveBare } from './smtp-bare.ts';

const server = await serveBare({ collect: process.argv.includes('--collect') });
process.send?.({ port: server.port });
