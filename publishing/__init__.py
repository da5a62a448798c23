"""The path from a commit to a reader: atomic builds, checks of the built site, deploy targets."""


class PublishingError(Exception):
    """A build, check or deploy that failed; its message says what to do."""
