import {
  AccountRegionState,
  AwsLocalData,
  emptyRegion,
  regionKey,
} from './types';

/** The mutable state behind the endpoint, with the seed it resets to. */
export class AwsState {
  private seed: AwsLocalData;
  data: AwsLocalData;

  constructor(seed: AwsLocalData) {
    this.seed = structuredClone(seed);
    this.data = structuredClone(seed);
  }

  /** Back to the seed. */
  reset(seed?: AwsLocalData): void {
    if (seed) this.seed = structuredClone(seed);
    this.data = structuredClone(this.seed);
  }

  /** One account's resources in one region (empty, not missing, if never seeded). */
  region(account: string, region: string): AccountRegionState {
    const key = regionKey(account, region);
    let state = this.data.regions[key];
    if (!state) {
      state = emptyRegion(account, region);
      this.data.regions[key] = state;
    }
    return state;
  }

  /** Every account's state in a region (for resources shared across accounts). */
  inRegion(region: string): AccountRegionState[] {
    return Object.values(this.data.regions).filter(r => r.region === region);
  }

  all(): AccountRegionState[] {
    return Object.values(this.data.regions);
  }
}
