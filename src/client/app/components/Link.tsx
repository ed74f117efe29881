import type { AnchorHTMLAttributes, TargetedMouseEvent } from 'preact';
import { navigate } from '../../state/route';

/** An ordinary link that changes screens without reloading; modified clicks keep their browser meaning. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
