import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A screen loaded only when first shown (its code and libraries stay out of
 * the day view's bundle). Until it arrives, nothing; if it cannot arrive
 * (offline before it was ever cached), the fallback says so. `preload()`
 * starts the download early, for the screen an address opens directly;
 * `ready()` is for waiting on it before the first render.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>, Fallback: ComponentType<{ error: string }>) {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const start = () => {
    loading ??= load().then((component) => (loaded = component));
    return loading;
  };
  function LazyScreen(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      // Not `loaded`: a preload may have finished between the first render and this effect,
      // and the screen must still be told (it rendered nothing, holding null).
      if (Component) return;
      start().then(
        (component) => setComponent(() => component),
        (failure: unknown) => {
          // A later visit may be online again: try afresh then.
          loading = null;
          setError(failure instanceof Error ? failure.message : String(failure));
        },
      );
    }, []);
    if (error) return <Fallback error={error} />;
    return Component ? <Component {...props} /> : null;
  }
  LazyScreen.preload = () => void start().catch(() => undefined);
  /** Resolves once the screen is loaded, or could not be (it then shows the fallback). */
  LazyScreen.ready = (): Promise<void> => start().then(() => undefined, () => undefined);
  return LazyScreen;
}
