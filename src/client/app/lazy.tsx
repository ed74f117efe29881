import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A screen loaded only when first shown (its code and libraries stay out of
 * the day view's bundle). Until it arrives, nothing; if it cannot arrive
 * (offline before it was ever cached), the fallback says so.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>, Fallback: ComponentType<{ error: string }>) {
  let loaded: ComponentType<P> | null = null;
  return function LazyScreen(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      load().then(
        (component) => {
          loaded = component;
          setComponent(() => component);
        },
        (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
      );
    }, []);
    if (error) return <Fallback error={error} />;
    return Component ? <Component {...props} /> : null;
  };
}
