/**
 * Focus for screen changes: the new screen's heading (tabindex="-1") or its primary
 * action takes focus when it appears, so keyboard and screen-reader users land on the new
 * screen instead of the page body. As a Svelte action: `use:takeFocus`, or
 * `use:takeFocus={key}` to take focus again whenever `key` changes.
 */
export function takeFocus(node: HTMLElement, key?: unknown): { update(next: unknown): void } {
  node.focus();
  return {
    update(next: unknown) {
      if (next !== key) node.focus();
      key = next;
    },
  };
}
