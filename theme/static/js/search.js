// Site search in the browser with the Pagefind index of the built site (site-search.js).
// The page works without this script: it then keeps saying that search needs JavaScript.
(() => {
  const form = document.querySelector("form[data-site-root]");
  const input = form && form.querySelector("input[name=q]");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  if (!input || !status || !results) return;

  const root = new URL(form.dataset.siteRoot, document.baseURI);
  const MAX_RESULTS = 10;
  let pagefind = null;
  let latest = 0; // the newest query wins; answers to older ones are dropped

  async function loadPagefind() {
    // Resolved against the page: import() alone would resolve it against this script's URL.
    const module = new URL(form.dataset.searchModule, document.baseURI);
    pagefind ??= import(module.href).then(({ openSearch }) =>
      openSearch(new URL("pagefind/pagefind.js", root), root.pathname),
    );
    try {
      return await pagefind;
    } catch (error) {
      pagefind = null; // a later query tries again
      throw error;
    }
  }

  // Pagefind's excerpts are text with <mark> around hits: keep exactly that, nothing else.
  function excerptNode(html) {
    const paragraph = document.createElement("p");
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    item.append(link, excerptNode(data.excerpt));
    return item;
  }

  async function search(query) {
    const ticket = ++latest;
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!query) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const searchSite = await loadPagefind();
      const found = await searchSite(query);
      const data = await Promise.all(found.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (ticket !== latest) return;
      results.replaceChildren(...data.map(resultItem));
      const count = found.length;
      status.textContent =
        count === 0
          ? `No results for “${query}”. Try other words, or browse all articles.`
          : `${count} ${count === 1 ? "result" : "results"} for “${query}”` +
            (count > MAX_RESULTS ? `, the first ${MAX_RESULTS} shown.` : ".");
    } catch (error) {
      if (ticket !== latest) return;
      results.replaceChildren();
      status.textContent = "Search could not start here. Browse all articles instead.";
      console.error(error);
    }
  }

  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => search(input.value.trim()), 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value.trim());
  });

  document.querySelector("[data-search-fallback]").hidden = true;
  form.hidden = false;
  const initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    search(initial.trim());
  }
})();
