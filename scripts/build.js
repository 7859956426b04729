#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with swc (about a second), rewriting the
// `@app/<lib>` path aliases to relative requires so plain `node` runs the output.
// Type checking is separate: `npm run typecheck` (tsc --noEmit).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist');
const sources = ['apps', 'libs'];

function walk(dir, files = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

function rewriteAliases(code, file) {
  return code.replace(/require\((["'])@app\/([a-z-]+)(\/[^"']*)?\1\)/g, (_m, q, lib, sub) => {
    const target = path.join(out, 'libs', lib, 'src', sub ? sub.slice(1) : '');
    let rel = path.relative(path.dirname(file), target);
    if (!rel.startsWith('.')) rel = './' + rel;
    return `require(${q}${rel}${q})`;
  });
}

// Files are replaced atomically (write then rename) and dist/ is never wiped, so processes and
// tests already running from dist/ keep working while a build runs.
function writeAtomic(dest, data) {
  const tmp = `${dest}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, dest);
}

function removeStale(dir, keep) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeStale(full, keep);
    else if (!keep.has(full) && !entry.name.endsWith('.tmp')) fs.rmSync(full, { force: true });
  }
}

async function main() {
  const written = new Set();
  const files = sources.flatMap((s) => walk(path.join(root, s)));
  await Promise.all(
    files.map(async (file) => {
      const { code, map } = await swc.transformFile(file, {
        sourceMaps: true,
        module: { type: 'commonjs' },
        jsc: {
          target: 'es2022',
          keepClassNames: true,
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
      });
      const dest = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      writeAtomic(dest, rewriteAliases(code, dest) + `\n//# sourceMappingURL=${path.basename(dest)}.map\n`);
      written.add(dest);
      if (map) {
        writeAtomic(dest + '.map', map);
        written.add(dest + '.map');
      }
    }),
  );
  // Non-TypeScript assets that ship with the code (web page CSS/JS, email templates).
  for (const s of sources) copyAssets(path.join(root, s), written);
  for (const s of sources) removeStale(path.join(out, s), written);
  console.log(`built ${files.length} files into dist/`);
}

function copyAssets(dir, written) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(full, written);
    else if (/\.(css|js|svg|txt|html|json|xml)$/.test(entry.name)) {
      const dest = path.join(out, path.relative(root, full));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      writeAtomic(dest, fs.readFileSync(full));
      written.add(dest);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
