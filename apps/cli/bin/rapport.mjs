#!/usr/bin/env node
// Rapport runs its TypeScript sources directly through tsx (docs/decisions/0003-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/rapport.ts');
