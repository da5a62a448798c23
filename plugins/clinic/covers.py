"""What a page shows beside its body: its cover image and its medical review."""

from .faqstage import source_line
from .images import site_path
from .problems import Problem, display_path
from .review import medical_review


def attach_cover(content, images, problems):
    """Set `content.cover` from its `Cover:` metadata, with the alt text of that image."""
    content.cover = None
    written = content.metadata.get("cover", "")
    if not written:
        return
    image, message = images.image(site_path(written, ""))
    if message:
        line = source_line(content, "Cover")
        problems.append(Problem(display_path(content.source_path), line, message, "cover"))
    content.cover = image


def attach_medical_review(content, problems):
    """Set `content.medical_review` from `Reviewed_by:`/`Last_reviewed:`; bad ones are problems."""
    content.medical_review, found = medical_review(content.metadata)
    for problem in found:
        line = source_line(content, problem.key)
        problems.append(
            Problem(display_path(content.source_path), line, problem.message, "medical-review")
        )


def site_image(images, problems, path):
    """Return the SiteImage of a theme or content image by site path, e.g. the logo."""
    if not path:
        return None  # an optional image setting left empty
    image, message = images.image(path)
    if message:
        problems.append(Problem(images.catalogue_source, 1, f"{message} (theme)", "image"))
    return image
