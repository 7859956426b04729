import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ZipDistrictRow } from './representative.types';

/** The files the import reads from a data directory (see data/SOURCES.md for their origin). */
export const DATA_FILES = {
  legislators: 'legislators-current.json',
  zipDistricts: 'zccd.csv',
  stateLegislators: 'state-legislators.json',
} as const;

/** A row of the `legislators` table as the import writes it (delivery_email is staff's, never imported). */
export interface LegislatorRow {
  id: string;
  name: string;
  first_name: string;
  last_name: string;
  chamber: 'senate' | 'house';
  state: string;
  district: number | null;
  party: string;
  title: string;
  url: string | null;
  contact_form: string | null;
  phone: string | null;
  office_address: string | null;
  term_end: string | null;
}

export interface StateLegislatorRow {
  id: string;
  name: string;
  party: string | null;
  state: string;
  chamber: 'upper' | 'lower' | 'legislature';
  district: string;
  email: string | null;
  phone: string | null;
  url: string | null;
}

export interface RepresentativesData {
  legislators: LegislatorRow[];
  zipDistricts: ZipDistrictRow[];
  stateLegislators: StateLegislatorRow[];
}

export class DataFileError extends Error {}

const DELEGATE_STATES = new Set(['DC', 'GU', 'VI', 'AS', 'MP']);

/** The title letters use: PR elects a Resident Commissioner, DC and four territories a Delegate. */
export function titleFor(chamber: 'senate' | 'house', state: string): string {
  if (chamber === 'senate') return 'Senator';
  if (state === 'PR') return 'Resident Commissioner';
  return DELEGATE_STATES.has(state) ? 'Delegate' : 'Representative';
}

/** The repository's own `data/` folder, found from wherever this file runs (src/ under jest, dist/ under node). */
export function defaultDataDir(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'data', DATA_FILES.legislators)) && existsSync(join(dir, 'package.json'))) return join(dir, 'data');
    const up = dirname(dir);
    if (up === dir) return resolve(process.cwd(), 'data');
    dir = up;
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function fail(file: string, where: string, why: string): never {
  throw new DataFileError(`${file}: ${where}: ${why}`);
}

/**
 * Members of Congress from the unitedstates/congress-legislators format. The last element of
 * `terms` is the current term; vacant seats simply have nobody in the file.
 */
export function parseLegislators(json: string, file = DATA_FILES.legislators): LegislatorRow[] {
  let people: unknown;
  try {
    people = JSON.parse(json);
  } catch (err) {
    fail(file, 'whole file', `not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(people)) fail(file, 'whole file', 'expected a JSON array of people');
  const seen = new Set<string>();
  return people.map((p: any, i: number) => {
    const id = p?.id?.bioguide;
    const where = `person #${i + 1}${typeof id === 'string' ? ` (${id})` : ''}`;
    if (typeof id !== 'string' || !/^[A-Z]\d{6}$/.test(id)) fail(file, where, 'missing or malformed id.bioguide');
    if (seen.has(id)) fail(file, where, 'duplicate id.bioguide');
    seen.add(id);
    const terms = p.terms;
    if (!Array.isArray(terms) || !terms.length) fail(file, where, 'no terms');
    const t = terms[terms.length - 1];
    if (t.type !== 'sen' && t.type !== 'rep') fail(file, where, `current term type "${t.type}" is neither sen nor rep`);
    if (typeof t.state !== 'string' || !/^[A-Z]{2}$/.test(t.state)) fail(file, where, 'current term has no 2-letter state');
    const chamber = t.type === 'sen' ? 'senate' : 'house';
    let district: number | null = null;
    if (chamber === 'house') {
      district = Number(t.district);
      if (!Number.isInteger(district) || district < 0) fail(file, where, 'House term without a district number');
    }
    const first = text(p.name?.first) ?? '';
    const last = text(p.name?.last) ?? '';
    const name = text(p.name?.official_full) ?? [first, last].filter(Boolean).join(' ');
    if (!name) fail(file, where, 'no name');
    return {
      id,
      name,
      first_name: first,
      last_name: last,
      chamber,
      state: t.state,
      district,
      party: text(t.party) ?? 'Unknown',
      title: titleFor(chamber, t.state),
      url: text(t.url),
      contact_form: text(t.contact_form),
      phone: text(t.phone),
      office_address: text(t.address),
      term_end: /^\d{4}-\d{2}-\d{2}$/.test(t.end ?? '') ? t.end : null,
    };
  });
}

/** zccd.csv: `state_fips,state_abbr,zcta,cd`, one row per (ZIP, state, district); cd 0 = at-large. */
export function parseZipDistricts(csv: string, file = DATA_FILES.zipDistricts): ZipDistrictRow[] {
  const lines = csv.split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.trim().replace(/^\uFEFF/, ''));
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) fail(file, 'header', `no "${name}" column (found ${header.join(', ')})`);
    return i;
  };
  const [iState, iZip, iCd] = [col('state_abbr'), col('zcta'), col('cd')];
  const rows: ZipDistrictRow[] = [];
  const seen = new Set<string>();
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n];
    if (!line.trim()) continue;
    const cells = line.split(',');
    // A spreadsheet round-trip drops leading zeros (05401 → 5401): put them back.
    const zip = cells[iZip]?.trim().padStart(5, '0');
    const state = cells[iState]?.trim();
    const district = Number(cells[iCd]);
    if (!/^\d{5}$/.test(zip ?? '')) fail(file, `line ${n + 1}`, `malformed ZIP "${cells[iZip]}"`);
    if (!/^[A-Z]{2}$/.test(state ?? '')) fail(file, `line ${n + 1}`, `malformed state "${cells[iState]}"`);
    if (!Number.isInteger(district) || district < 0) fail(file, `line ${n + 1}`, `malformed district "${cells[iCd]}"`);
    const key = `${zip}|${state}|${district}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ zip, state, district });
  }
  return rows;
}

/** state-legislators.json: Open States people flattened to one list. */
export function parseStateLegislators(json: string, file = DATA_FILES.stateLegislators): StateLegislatorRow[] {
  let people: unknown;
  try {
    people = JSON.parse(json);
  } catch (err) {
    fail(file, 'whole file', `not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(people)) fail(file, 'whole file', 'expected a JSON array');
  const byId = new Map<string, StateLegislatorRow>();
  people.forEach((p: any, i: number) => {
    const where = `entry #${i + 1}`;
    const id = text(p?.id);
    if (!id) fail(file, where, 'no id');
    if (!/^[A-Z]{2}$/.test(p.state ?? '')) fail(file, where, 'no 2-letter state');
    if (!['upper', 'lower', 'legislature'].includes(p.chamber)) fail(file, where, `unknown chamber "${p.chamber}"`);
    byId.set(id, {
      id,
      name: text(p.name) ?? fail(file, where, 'no name'),
      party: text(p.party),
      state: p.state,
      chamber: p.chamber,
      district: text(p.district) ?? '',
      email: text(p.email),
      phone: text(p.phone),
      url: text(p.url),
    });
  });
  return [...byId.values()];
}

/** Reads and checks every data file of a directory; throws DataFileError naming the file and line. */
export function readDataDir(dir: string): RepresentativesData {
  const read = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new DataFileError(`${path}: file not found`);
    return readFileSync(path, 'utf8');
  };
  return {
    legislators: parseLegislators(read(DATA_FILES.legislators)),
    zipDistricts: parseZipDistricts(read(DATA_FILES.zipDistricts)),
    stateLegislators: parseStateLegislators(read(DATA_FILES.stateLegislators)),
  };
}
