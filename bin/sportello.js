#!/usr/bin/env node
// `npx sportello …`: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../app/main.ts');
await runCli(process.argv);
