#!/usr/bin/env node
// The `briefing` command. First the process-wide settings (V8 flags, the compile cache), before any
// other module is loaded; then the command line itself (src/cli/).
import './cli/startup.js';
import './cli/main.js';
