#!/usr/bin/env node
// `npm run bench:lookup`: how fast RepresentativesService answers `lookup(zip)` in memory.
// Builds the same ZipDirectory the service builds, from the bundled data/ files (no database),
// then looks up every ZIP in the Census table once cold (answer assembled and cached) and
// BENCH_ROUNDS times (default 5) warm, in shuffled order. Prints build time, lookups/s and
// per-lookup p50/p99/max in µs (taken with hrtime, which itself costs a good part of that).
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist', 'libs', 'representatives', 'src');
const { readDataDir, defaultDataDir } = require(path.join(dist, 'data-files'));
const { ZipDirectory } = require(path.join(dist, 'zip-directory'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

let t = process.hrtime.bigint();
const data = readDataDir(defaultDataDir());
const parseMs = Number(process.hrtime.bigint() - t) / 1e6;
t = process.hrtime.bigint();
const members = data.legislators.map((l) => ({
  id: l.id,
  name: l.name,
  chamber: l.chamber,
  state: l.state,
  district: l.district,
  party: l.party,
  title: l.title,
  deliveryEmail: null,
}));
const directory = new ZipDirectory(members, data.zipDistricts);
const buildMs = Number(process.hrtime.bigint() - t) / 1e6;

const zips = [...directory.zips()];
// Deterministic shuffle so rounds do not walk the map in insertion order.
let seed = 42;
for (let i = zips.length - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const j = seed % (i + 1);
  [zips[i], zips[j]] = [zips[j], zips[i]];
}
const plus4 = zips.map((z) => `${z}-1234`);

// First pass: each ZIP's answer is assembled on its first lookup, then cached.
const cold = new Float64Array(zips.length);
const coldStart = process.hrtime.bigint();
zips.forEach((z, i) => {
  const a = process.hrtime.bigint();
  directory.lookup(z);
  cold[i] = Number(process.hrtime.bigint() - a) / 1000;
});
const coldS = Number(process.hrtime.bigint() - coldStart) / 1e9;
cold.sort();

function run(list) {
  const samples = new Float64Array(list.length * ROUNDS);
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) {
    for (const z of list) {
      const a = process.hrtime.bigint();
      sink += directory.lookup(z).representatives.length;
      samples[n++] = Number(process.hrtime.bigint() - a) / 1000;
    }
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  samples.sort();
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))].toFixed(2);
  return { n, perSecond: Math.round(n / totalS), p50: pct(0.5), p99: pct(0.99), max: samples[samples.length - 1].toFixed(1), sink };
}

// Throughput without per-call timers (hrtime itself costs about as much as a lookup).
function throughput(list) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) for (const z of list) sink += directory.lookup(z).districts.length;
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: Math.round((list.length * ROUNDS) / s), sink };
}

const five = run(zips);
const four = run(plus4);
const raw5 = throughput(zips);
const raw9 = throughput(plus4);
const mem = process.memoryUsage();
console.log(`data: ${members.length} members, ${data.zipDistricts.length} ZIP rows, ${directory.zipCount} ZIPs`);
console.log(`parse files ${parseMs.toFixed(0)} ms, build directory ${buildMs.toFixed(0)} ms, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);
console.log(`first lookup of each ZIP: ${Math.round(zips.length / coldS).toLocaleString('en-US')} lookups/s; p99 ${cold[Math.floor(cold.length * 0.99)].toFixed(2)} µs`);
console.log(`5-digit ZIPs: ${raw5.perSecond.toLocaleString('en-US')} lookups/s; per lookup p50 ${five.p50} µs, p99 ${five.p99} µs, max ${five.max} µs (${five.n} timed)`);
console.log(`ZIP+4:        ${raw9.perSecond.toLocaleString('en-US')} lookups/s; per lookup p50 ${four.p50} µs, p99 ${four.p99} µs, max ${four.max} µs (${four.n} timed)`);
