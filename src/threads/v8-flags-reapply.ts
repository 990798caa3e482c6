// Imported first by src/threads/worker.ts: the thread's own imports run after this (see v8-flags.ts).
import { reapplyV8Flags } from './v8-flags.js';

reapplyV8Flags();
