#!/usr/bin/env node
// `npm run test:chaos`: builds dist/ (the scenarios start `node dist/...` processes), then runs
// test/chaos/run.ts in this process, compiling TypeScript on load with swc and mapping the
// `@app/<lib>` aliases to libs/<lib>/src, as jest does. Arguments go to the runner:
// `npm run test:chaos -- redis-restart smtp-faults --submissions=30`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const built = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

const swc = require('@swc/core');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@app\/([a-z-]+)(\/.*)?$/.exec(request);
  if (m) request = path.join(root, 'libs', m[1], 'src', m[2] ? m[2].slice(1) : '');
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
  });
  module._compile(code, filename);
};

process.env.NODE_ENV ??= 'test';
require(path.join(root, 'test', 'chaos', 'run.ts'));
