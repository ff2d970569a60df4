#!/usr/bin/env node
// The executable: everything else lives in program.ts so that tests can run it in-process.
// The compile cache is turned on before the rest is loaded (hence the dynamic import): code
// compiled before that call is not cached.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
const { main } = await import('./program.js');
const status = await main(process.argv);
// A write error seen after the last write (see output.ts) has set the status already: it wins.
if (!process.exitCode) process.exitCode = status;
