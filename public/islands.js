// Wakes Dongne's islands. The page's <script data-js data-wasm> names the site files, which the
// server takes from its own configuration (never from variables of the build that compiled it),
// and this file is a plain script from our own origin, so the Content-Security-Policy needs no
// inline script.
//
// The protocol is Leptos's islands mode: each <leptos-island data-component="Name"> is hydrated by
// the wasm export of that name; a <leptos-children> inside it carries a callback that a nested
// island runs first, so the outer island's children are claimed before the inner one hydrates.
const tag = document.querySelector('script[data-wasm]');

function whenIdle(work) {
  if ('requestIdleCallback' in window) window.requestIdleCallback(work);
  else setTimeout(work, 0);
}

async function wake(root, wasm) {
  const pendingChildren = [];
  async function visit(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const name = node.tagName.toLowerCase();
    if (name === 'leptos-island') {
      const hydrate = wasm[node.dataset.component];
      if (hydrate) {
        const claimChildren = pendingChildren[pendingChildren.length - 1];
        if (claimChildren) claimChildren();
        await hydrate(node);
      } else {
        console.warn(`no island named ${node.dataset.component} in the wasm`);
      }
    } else if (name === 'leptos-children') {
      pendingChildren.push(node.$$on_hydrate);
      for (const child of node.children) await visit(child);
      pendingChildren.pop();
      return;
    }
    for (const child of node.children) await visit(child);
  }
  await visit(root);
}

// Only the outermost islands are walked (nested ones are reached through them): walking every
// element of a long page (the air map's SVG, an 80-row table) with an await per element was one
// long task on a phone. A page without islands (the air pages, most content pages) does not
// compile the wasm at all.
whenIdle(async () => {
  const islands = [...document.querySelectorAll('leptos-island')].filter((el) => !el.parentElement.closest('leptos-island'));
  if (islands.length === 0) return;
  const wasm = await import(tag.dataset.js);
  await wasm.default({ module_or_path: tag.dataset.wasm });
  wasm.hydrate();
  for (const island of islands) await wake(island, wasm);
});
