#!/usr/bin/env node
// The executable: everything else lives in program.ts so that tests can run it in-process.
import { main } from './program.js';

const status = await main(process.argv);
// A write error seen after the last write (see output.ts) has set the status already: it wins.
if (!process.exitCode) process.exitCode = status;
