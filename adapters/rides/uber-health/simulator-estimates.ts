import { minorUnitsToDecimal } from '../../../src/domain/money';

/** The Uber Health simulator's products, list fares and the shape of one product's estimate (POST /v1/health/trips/estimates). */
export const UBER_SIM_PRODUCTS = {
  uberX: { product_id: '5f0c0a52-0000-4000-a000-000000000001', display_name: 'UberX', baseCents: 300, perMileCents: 175 },
  uberXL: { product_id: '5f0c0a52-0000-4000-a000-000000000002', display_name: 'UberXL', baseCents: 500, perMileCents: 260 },
} as const;
type Product = (typeof UBER_SIM_PRODUCTS)[keyof typeof UBER_SIM_PRODUCTS];
export const uberSimProducts: readonly Product[] = Object.values(UBER_SIM_PRODUCTS);
export const UBER_SIM_CANCEL_FEE = 5;

/** Decimal dollars as Uber sends them: a JSON number such as 12.3. */
export function listFare(productId: string, miles: number): number {
  const product = uberSimProducts.find((p) => p.product_id === productId) ?? UBER_SIM_PRODUCTS.uberX;
  return Number(minorUnitsToDecimal(Math.round(product.baseCents + miles * product.perMileCents), 'USD'));
}

export function productEstimate(product: Product, fare: { fareId: string; value: number | string; expiresAtMs: number }, miles: number, pickupMinutes: number) {
  return {
    estimate_info: {
      fare: { fare_id: fare.fareId, value: fare.value, currency_code: 'USD', display: `$${fare.value}`, expires_at: Math.floor(fare.expiresAtMs / 1000) },
      fare_id: fare.fareId,
      pickup_estimate: pickupMinutes,
      trip: { distance_estimate: Math.round(miles * 100) / 100, distance_unit: 'mile', duration_estimate: Math.round((miles / 22) * 3600) + 120 },
    },
    fulfillment_indicator: 'GREEN',
    product: {
      product_id: product.product_id,
      display_name: product.display_name,
      capacity: product === UBER_SIM_PRODUCTS.uberXL ? 6 : 4,
      cancellation: { cancellation_grace_period_threshold_sec: 120, min_cancellation_fee: UBER_SIM_CANCEL_FEE },
      scheduling_enabled: true,
    },
  };
}
