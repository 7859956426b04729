import { BadRequestError, NotFoundError, UnprocessableError } from '@app/common';
import type { DistrictRef, DistrictTargets, Representative, ZipDistrictRow, ZipLookup } from './representative.types';

/** 5 digits, optionally followed by a ZIP+4 suffix (with or without the dash). */
const ZIP_PATTERN = /^(\d{5})(?:-?\d{4})?$/;

/**
 * The Census table (zccd.csv) has no rows for these territories; their ZIP ranges map to the
 * territory's one delegate (SOURCES.md, field notes).
 */
const TERRITORY_RANGES: ReadonlyArray<{ from: number; to: number; state: string }> = [
  { from: 96799, to: 96799, state: 'AS' },
  { from: 96910, to: 96932, state: 'GU' },
  { from: 96950, to: 96952, state: 'MP' },
  { from: 800, to: 899, state: 'VI' },
];

/** APO/FPO ranges: overseas military mail, which belongs to no congressional district. */
function isMilitaryZip(n: number): boolean {
  return (n >= 9000 && n <= 9999) || (n >= 34000 && n <= 34099) || (n >= 96200 && n <= 96699);
}

const districtKey = (state: string, district: number) => `${state}-${district}`;
const label = (d: DistrictRef) => `${d.state}-${d.district === 0 ? 'AL' : d.district}`;

function deepFreeze<T extends object>(lookup: T): T {
  for (const v of Object.values(lookup)) if (v && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v);
  return Object.freeze(lookup);
}

/**
 * The in-memory ZIP → representatives index, built from the imported tables. A lookup is a map
 * read: the answer for a ZIP is assembled on its first lookup (a few µs), then cached frozen and
 * shared by every caller. Building answers lazily keeps a reload after an import to tens of ms.
 * Pure: no I/O, so it is unit-tested on small fixtures.
 */
export class ZipDirectory {
  private readonly refsByZip = new Map<string, DistrictRef[]>();
  private readonly byZip = new Map<string, ZipLookup>();
  private readonly byId = new Map<string, Representative>();
  private readonly senatorsByState = new Map<string, Representative[]>();
  private readonly houseByDistrict = new Map<string, Representative>();
  readonly zipCount: number;
  readonly legislatorCount: number;

  constructor(legislators: Representative[], rows: ZipDistrictRow[]) {
    for (const raw of legislators) {
      const rep = Object.freeze({ ...raw });
      this.byId.set(rep.id, rep);
      if (rep.chamber === 'senate') {
        const list = this.senatorsByState.get(rep.state) ?? [];
        list.push(rep);
        this.senatorsByState.set(rep.state, list);
      } else if (rep.district !== null) {
        this.houseByDistrict.set(districtKey(rep.state, rep.district), rep);
      }
    }
    // Stable order for letters and screens: alphabetical by name within a state.
    for (const list of this.senatorsByState.values()) list.sort((a, b) => a.name.localeCompare(b.name));

    for (const r of rows) {
      const list = this.refsByZip.get(r.zip);
      if (!list) this.refsByZip.set(r.zip, [{ state: r.state, district: r.district }]);
      else if (!list.some((d) => d.state === r.state && d.district === r.district)) list.push({ state: r.state, district: r.district });
    }
    this.zipCount = this.refsByZip.size;
    this.legislatorCount = this.byId.size;
  }

  static empty(): ZipDirectory {
    return new ZipDirectory([], []);
  }

  /** Every ZIP in the Census table (for benchmarks and checks). */
  zips(): IterableIterator<string> {
    return this.refsByZip.keys();
  }

  /**
   * Representatives for a ZIP. Throws BadRequestError for a malformed ZIP and NotFoundError for
   * one with no congressional district (unknown, PO-box-only missing from the table, military).
   */
  lookup(zip: string): ZipLookup {
    const match = typeof zip === 'string' ? ZIP_PATTERN.exec(zip.trim()) : null;
    if (!match) throw new BadRequestError('A ZIP code is 5 digits, optionally followed by a dash and 4 digits (e.g. 05401 or 05401-1234).');
    const zip5 = match[1];
    const found = this.byZip.get(zip5);
    if (found) return found;
    const refs = this.refsByZip.get(zip5);
    if (refs) {
      const built = this.build(zip5, refs);
      this.byZip.set(zip5, built);
      return built;
    }
    const n = Number(zip5);
    const territory = TERRITORY_RANGES.find((t) => n >= t.from && n <= t.to);
    if (territory) return this.build(zip5, [{ state: territory.state, district: 0 }]);
    if (isMilitaryZip(n)) {
      throw new NotFoundError(`ZIP code ${zip5} is a military (APO/FPO) address, which belongs to no congressional district. Use your home ZIP code.`);
    }
    throw new NotFoundError(`ZIP code ${zip5} matches no congressional district.`);
  }

  /**
   * The senators and House member for a supporter in `zip`. `district` may be omitted for a
   * one-district ZIP; for a ZIP that spans several it must be one of the candidates (422 on
   * `district` otherwise). A number shared by candidates in two states picks the ZIP's main state.
   */
  forDistrict(zip: string, district?: number | null): DistrictTargets {
    const lookup = this.lookup(zip);
    const choices = lookup.districts.map(label).join(', ');
    let chosen: DistrictRef | undefined;
    if (district === undefined || district === null) {
      if (lookup.districts.length === 1) chosen = lookup.districts[0];
      else {
        throw new UnprocessableError(`ZIP code ${lookup.zip} spans several congressional districts; choose yours.`, [
          { field: 'district', message: `choose one of ${choices}` },
        ]);
      }
    } else {
      chosen = lookup.districts.find((d) => d.district === district);
      if (!chosen) {
        throw new UnprocessableError(`District ${district} is not one of the districts of ZIP code ${lookup.zip}.`, [
          { field: 'district', message: `must be one of ${choices}` },
        ]);
      }
    }
    return {
      lookup,
      senators: this.senators(chosen.state),
      house: this.houseByDistrict.get(districtKey(chosen.state, chosen.district)) ?? null,
    };
  }

  getById(id: string): Representative | undefined {
    return this.byId.get(id);
  }

  /** A state's senators (none for DC and the territories, one while a seat is vacant). */
  senators(state: string): Representative[] {
    return this.senatorsByState.get(state) ?? [];
  }

  /** The member for a district, or null while the seat is vacant. */
  house(state: string, district: number): Representative | null {
    return this.houseByDistrict.get(districtKey(state, district)) ?? null;
  }

  private build(zip: string, refs: DistrictRef[]): ZipLookup {
    // Main state: the one with most of the ZIP's districts; ties go to the alphabetically first.
    const perState = new Map<string, number>();
    for (const d of refs) perState.set(d.state, (perState.get(d.state) ?? 0) + 1);
    const states = [...perState.keys()].sort((a, b) => perState.get(b)! - perState.get(a)! || a.localeCompare(b));
    const rank = new Map(states.map((s, i) => [s, i]));
    const districts = [...refs].sort((a, b) => rank.get(a.state)! - rank.get(b.state)! || a.district - b.district);
    const representatives: Representative[] = [];
    for (const state of states) {
      representatives.push(...this.senators(state));
      for (const d of districts) {
        const member = d.state === state ? this.houseByDistrict.get(districtKey(d.state, d.district)) : undefined;
        if (member) representatives.push(member);
      }
    }
    return deepFreeze({ zip, state: states[0], districts, needsChoice: districts.length > 1, representatives });
  }
}
