#!/usr/bin/env node
// The `dialhook` bin. Everything lives in cli/; this file only runs it and sets the exit code,
// letting pending output flush instead of calling process.exit().
import { run } from './cli/run.js';

process.exitCode = await run(process.argv.slice(2));
