/**
 * App dependencies whose database can be cut: the worker using them keeps running, but every
 * query fails, as when its process hangs or loses the database (it can neither renew nor release
 * its leases). Used by the lease and takeover tests.
 */
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';

export function withCuttableDatabase(base: AppDeps, storage: AppDeps['storage'] = base.storage): { deps: AppDeps; cut(): void; restore(): void } {
  let isCut = false;
  const guard = <T extends object>(target: T, spare: string[] = []): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        if (typeof value !== 'function' || spare.includes(String(key))) return value;
        return (...args: unknown[]) => {
          if (isCut) throw new Error('database unreachable (simulated)');
          return (value as (...inner: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return {
    deps: { ...base, storage, db: guard(base.db), database: guard(base.database, ['listen', 'close', 'kind']) },
    cut: () => (isCut = true),
    restore: () => (isCut = false),
  };
}
