import { type AckState } from 'workbook';

// "Two confirmations are safer than one", tuned on a cluster with three
// followers in the datacenter. With two nearby followers and one of them
// down, the second confirmation has to come from the far region.
export function ackPolicy(state: AckState): boolean {
  return state.acked.length >= 2;
}
