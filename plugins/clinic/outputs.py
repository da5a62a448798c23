"""What each content file became: its output page (two pages never write one file, a page's
template exists), and which sources each page shows, for problems to name them."""

import dataclasses

from jinja2 import TemplateError, meta, nodes

from publishing.checks import local_target

from .faqstage import faq_slugs
from .inventory import duplicate_outputs, overlong_outputs, template_page_clashes
from .problems import Problem, display_path, metadata_line
from .sources import readable_text

ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations")
ARTICLE_LISTS += ("hidden_articles", "hidden_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations")
PAGE_LISTS += ("draft_pages", "draft_translations")


def content_lists(generator):
    """Return the generator's lists of articles or pages, every status (the lists themselves)."""
    if hasattr(generator, "hidden_articles"):
        names = ARTICLE_LISTS
    elif hasattr(generator, "hidden_pages"):
        names = PAGE_LISTS
    else:
        return []
    return [getattr(generator, name) for name in names]


def written_contents(generator):
    """Return every article or page of a generator, any status."""
    return [content for contents in content_lists(generator) for content in contents]


def template_outputs(settings):
    """Return {output file: template} of the pages DIRECT_TEMPLATES write."""
    templates = settings.get("DIRECT_TEMPLATES", [])
    saved_as = {name: settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html") for name in templates}
    return {output: name for name, output in saved_as.items() if output}


def claim_outputs(generators, settings, library, problems, read_files, page_sources):
    """Drop pages that would overwrite another's output, as problems; record what was read.

    Adds to `read_files` the source of every page and static file, and to `page_sources`
    each output page's sources (its file, then the FAQ files it shows).
    """
    entries, found, saved_as = [], [], {}
    for generator in generators:
        read_files.update(content.source_path for content in getattr(generator, "staticfiles", []))
        for content in written_contents(generator):
            found.append(content)
            # Pelican works save_as out afresh on every access: once here.
            saved_as[id(content)] = content.save_as
            if saved_as[id(content)]:  # empty: not written (a draft in a publish build)
                path, date = display_path(content.source_path), getattr(content, "date", None)
                entries.append((saved_as[id(content)], path, 1, date))
    # Lines are looked up (reading the file again) only for the pages that clash.
    sources = {display_path(content.source_path): content for content in found}
    clashes = [
        dataclasses.replace(problem, line=slug_line(sources[problem.path]))
        for problem in duplicate_outputs(entries)
        + template_page_clashes(entries, template_outputs(settings))
    ]
    dropped = {problem.path for problem in clashes}
    problems.extend(clashes)
    for generator in generators:
        for content in written_contents(generator):
            problem = template_problem(generator, content)
            if problem:
                # Written with the default template, so list pages linking to it stay whole.
                problems.append(problem)
                content.template = content.default_template
    for generator in generators:
        for contents in content_lists(generator):
            contents[:] = [c for c in contents if display_path(c.source_path) not in dropped]
    faq_paths = {slug: path for slug, (path, _) in library.files.items()}
    for content in found:
        read_files.add(content.source_path)
        shown = [display_path(content.source_path)]
        shown += [faq_paths[slug] for slug in faq_slugs(content) if slug in faq_paths]
        if getattr(content, "faq_topics", None) is not None:
            shown += sorted(faq_paths.values())
        if saved_as[id(content)]:
            page_sources.setdefault(saved_as[id(content)], shown)


def drop_overlong(generator, problems):
    """Drop the pages whose file name no file system holds, as problems.

    Called before the articles are sorted into categories and tags (pretaxonomy), so no list
    page links to a page that is not written; on the lists themselves, which the context shares.
    """
    contents = written_contents(generator)
    entries = [(c.save_as, display_path(c.source_path), 1, None) for c in contents if c.save_as]
    found = overlong_outputs(entries)
    if not found:
        return
    by_path = {display_path(content.source_path): content for content in contents}
    problems += [dataclasses.replace(p, line=slug_line(by_path[p.path])) for p in found]
    dropped = {problem.path for problem in found}
    for listed in content_lists(generator):
        listed[:] = [c for c in listed if display_path(c.source_path) not in dropped]


def unpublished_pages(generators):
    """Return {site path: source} of the drafts, and of what a publish build makes one (a date
    in the future): their links name a page the published site does not have."""
    return {
        local_target(content.url, "index.html", ""): display_path(content.source_path)
        for generator in generators
        for content in written_contents(generator)
        if getattr(content, "status", None) == "draft"
    }


def template_problem(generator, content):
    """Return the problem of a page whose `Template:` the theme does not have, or that is no
    layout for its kind (a page's on an article: Pelican would stop, or its text not show)."""
    try:
        template = generator.get_template(content.template)
    except Exception:  # Pelican's PelicanTemplateNotFound, or a template that does not compile
        message = f"template {content.template!r} is not in the theme"
    else:
        kind = "article" if hasattr(generator, "hidden_articles") else "page"
        if content.template == content.default_template:
            return None
        try:
            shown = layout_variables(generator.env, template.name)
        except TemplateError:  # a template it extends does not compile: rendering names it
            return None
        if kind in shown and (kind == "article" or "article" not in shown):
            return None
        article = "an article" if kind == "article" else "a page"
        message = f"template {content.template!r} is no layout for {article}"
    line = metadata_line(readable_text(content.source_path), "Template")
    return Problem(
        display_path(content.source_path),
        line,
        f"{message} (remove the Template: line)",
        "unknown-template",
    )


def layout_variables(env, name):
    """Return the variables a template, and the templates it extends, use without setting
    them: an article's layout shows `article`, a page's `page`."""
    names, seen = set(), set()
    while name and name not in seen:
        seen.add(name)
        tree = env.parse(env.loader.get_source(env, name)[0])
        names |= meta.find_undeclared_variables(tree)
        parent = next(tree.find_all(nodes.Extends), None)
        known = parent and isinstance(parent.template, nodes.Const)  # not a computed name
        name = parent.template.value if known else None
    return names


def slug_line(content):
    """Return the line that sets a page's slug: its `Slug:`, else its `Title:`."""
    text = readable_text(content.source_path)
    if not text:
        return 1
    line = metadata_line(text, "Slug")
    return line if line > 1 or text.lower().startswith("slug") else metadata_line(text, "Title")
