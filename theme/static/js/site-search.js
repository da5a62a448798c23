// Site search over the Pagefind index, which the build writes in bundles (shards of the site's
// pages, plugins/theme_support): the first is Pagefind's own folder, and its shards.json lists
// the others, merged into it with Pagefind's mergeIndex. Shared by search.js and chat.js.

/** Open the index whose pagefind.js is at `pagefindUrl`; resolve to a search function. */
export async function openSearch(pagefindUrl, rootPath) {
  const [engine, shards] = await Promise.all([
    import(pagefindUrl.href),
    fetch(new URL("shards.json", pagefindUrl)).then((response) =>
      response.ok ? response.json() : Promise.reject(new Error(`shards.json: ${response.status}`)),
    ),
  ]);
  const options = { baseUrl: rootPath };
  await engine.options(options);
  const bundles = shards.merge.map((path) => new URL(path, pagefindUrl).pathname);
  await Promise.all(bundles.map((bundle) => engine.mergeIndex(bundle, options)));
  return (query) => search(engine, query, bundles.length > 0);
}

/** Return Pagefind's results for a query, best first, as near as merged bundles allow to
 * what one index of every page would find (README, Search). */
async function search(engine, query, merged) {
  const found = (await engine.search(query)).results;
  const words = query.trim().split(/\s+/);
  if (!merged || words.length < 2 || /^\s*".+"\s*$/.test(query)) return found;
  // Pagefind leaves out of a query the words its index lacks (a typo finds the rest). Each
  // merged bundle does so on its own, so a word only some shards have would be left out in
  // the others, and their pages without it found. Keep a page only if every word that some
  // bundle knows finds it alone, as in one index; these searches read the chunks just loaded.
  const pagesOfWord = await Promise.all(
    words.map(async (word) => new Set((await engine.search(word)).results.map((r) => r.id))),
  );
  const known = pagesOfWord.filter((pages) => pages.size > 0);
  return found.filter((result) => known.every((pages) => pages.has(result.id)));
}
