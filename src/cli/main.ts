#!/usr/bin/env node
// The executable: everything else lives in program.ts so that tests can run it in-process.
import { main } from './program.js';

process.exitCode = await main(process.argv);
