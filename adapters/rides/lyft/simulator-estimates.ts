import { distanceMiles, json, randomString } from '../common/simulator-kit';
import { lyftApiError } from './simulator-api-error';

/** The Lyft simulator's ride types and fares, and its estimate endpoints (GET /v1/cost, GET /v1/eta). */
export const rideTypes: Record<string, { displayName: string; baseCents: number; perMileCents: number }> = {
  lyft: { displayName: 'Lyft', baseCents: 250, perMileCents: 150 },
  lyft_plus: { displayName: 'Lyft XL', baseCents: 400, perMileCents: 225 },
  lyft_lux: { displayName: 'Lux', baseCents: 600, perMileCents: 300 },
};

export const fareCents = (type: string, miles: number): number =>
  Math.round((rideTypes[type]?.baseCents ?? 300) + miles * (rideTypes[type]?.perMileCents ?? 150));

const coords = (params: URLSearchParams, ...names: string[]): number[] | Response => {
  const values = names.map((name) => Number(params.get(name) ?? Number.NaN));
  const bad = names.find((_, i) => !Number.isFinite(values[i]));
  return bad ? lyftApiError(400, 'bad_parameter', { [bad]: `(${bad}) Missing or invalid parameter in the query string` }) : values;
};

/** Cost estimates per ride type; each carries a cost token, recorded in `costTokens`, that a booking may quote. */
export function costEstimates(params: URLSearchParams, random: () => number, costTokens: Set<string>): Response {
  const values = coords(params, 'start_lat', 'start_lng', 'end_lat', 'end_lng');
  if (values instanceof Response) return values;
  const [aLat = 0, aLng = 0, bLat = 0, bLng = 0] = values;
  const only = params.get('ride_type');
  if (only && !rideTypes[only]) return lyftApiError(400, 'ridetype_unavailable_in_region');
  const miles = distanceMiles(aLat, aLng, bLat, bLng);
  const estimates = Object.entries(rideTypes)
    .filter(([type]) => !only || type === only)
    .map(([type, info]) => {
      const costToken = `ct_${randomString(random, 16)}`;
      costTokens.add(costToken);
      const cents = fareCents(type, miles);
      return {
        ride_type: type,
        display_name: info.displayName,
        currency: 'USD',
        estimated_cost_cents_min: cents,
        estimated_cost_cents_max: Math.round(cents * 1.25),
        estimated_distance_miles: Math.round(miles * 100) / 100,
        estimated_duration_seconds: Math.round((miles / 22) * 3600) + 120,
        is_valid_estimate: true,
        primetime_percentage: '0%',
        cost_token: costToken,
      };
    });
  return json(200, { cost_estimates: estimates });
}

export function etaEstimates(params: URLSearchParams, random: () => number): Response {
  const values = coords(params, 'lat', 'lng');
  if (values instanceof Response) return values;
  const only = params.get('ride_type');
  const etas = Object.entries(rideTypes)
    .filter(([type]) => !only || type === only)
    .map(([type, info]) => ({ ride_type: type, display_name: info.displayName, eta_seconds: 120 + Math.floor(random() * 10) * 30, is_valid_estimate: true }));
  return json(200, { eta_estimates: etas });
}
