/** A member of Congress as lookups return it (public data plus the staff-set delivery address). */
export interface Representative {
  /** Bioguide id, e.g. `S000033`. */
  id: string;
  name: string;
  chamber: 'senate' | 'house';
  state: string;
  /** House district; 0 for at-large seats and delegates; null for senators. */
  district: number | null;
  party: string;
  /** 'Senator' | 'Representative' | 'Delegate' | 'Resident Commissioner' */
  title: string;
  /** Where letters to this office are emailed, when an organisation has configured one. */
  deliveryEmail: string | null;
}

export interface DistrictRef {
  state: string;
  district: number;
}

export interface ZipLookup {
  /** The 5-digit ZIP that was looked up (a ZIP+4 is cut to its first five digits). */
  zip: string;
  /** The ZIP's state; for a ZIP crossing state lines, the state with most of its districts. */
  state: string;
  /** Every congressional district the ZIP touches, the main state's first. */
  districts: DistrictRef[];
  /** True when the ZIP touches several districts, so the supporter must pick one. */
  needsChoice: boolean;
  /** Senators of every state involved, then the House member of every candidate district (vacant seats absent). */
  representatives: Representative[];
}

export interface DistrictTargets {
  lookup: ZipLookup;
  senators: Representative[];
  house: Representative | null;
}

/** One row of the ZIP → district table. */
export interface ZipDistrictRow {
  zip: string;
  state: string;
  district: number;
}
