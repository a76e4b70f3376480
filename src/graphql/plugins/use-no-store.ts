import type { Plugin } from 'graphql-yoga';

/**
 * `Cache-Control: no-store` on every /graphql answer, refusals and GET queries included: any of them
 * may carry PHI, and no browser, proxy or CDN between us and the partner may keep a copy.
 *
 * @example
 * ```ts
 * createYoga({ schema, plugins: [useNoStore()] });
 * ```
 */
export function useNoStore(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set('cache-control', 'no-store');
    },
  };
}
