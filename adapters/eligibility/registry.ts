import type { z } from 'zod';
import { adapterRegistry } from '../shared/adapter-registry';
import { eligibilityJsonAdapter } from './eligibility-json';
import { x12CoreAdapter } from './x12-core';

/** Every eligibility adapter, one line each (how to add one: docs/adding-a-vendor.md). */
export const eligibilityAdapters = adapterRegistry('eligibility', [x12CoreAdapter, eligibilityJsonAdapter]);

export type EligibilitySourceConfig = z.output<typeof eligibilityAdapters.configSchema>;
