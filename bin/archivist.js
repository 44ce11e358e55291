#!/usr/bin/env node
// The command line runs the TypeScript core directly under Node (through tsx), so station IT can
// use `archivist serve`, `archivist sim` and later commands on machines without Electron.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
