"""Walk a JSON-LD graph: its nodes by @id, and the @id references between them."""


def nodes(value):
    """Return {@id: node} for every node of a graph, nested ones included."""
    found = {}
    if isinstance(value, dict):
        if "@type" in value and "@id" in value:
            found[value["@id"]] = value
        for item in value.values():
            found.update(nodes(item))
    elif isinstance(value, list):
        for item in value:
            found.update(nodes(item))
    return found


def references(value):
    """Yield every {"@id": ...} reference (a dict holding only @id) inside a value."""
    if isinstance(value, dict):
        if set(value) == {"@id"}:
            yield value["@id"]
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
