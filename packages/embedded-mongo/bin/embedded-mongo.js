#!/usr/bin/env node
'use strict';
// The monorepo has no build step: TypeScript is compiled by swc as it loads.
require('@swc-node/register');
require('../src/cli.ts');
