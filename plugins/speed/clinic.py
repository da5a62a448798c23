"""The speed layer of the clinic plugin: its plain functions replaced by memos in the store."""

from pelican import signals

from .memos import FaqMemo, KeptChecks, MarkdownMemo, RenditionsMemo
from .prefetch import prefetch_markdown


def speed_up_clinic(pelican, store):
    """Give this run of the clinic plugin (`pelican.clinic`, if loaded) memos kept in `store`.

    At each run's start (get_generators): the memos keep what they read during one run only.
    """
    clinic = getattr(pelican, "clinic", None)
    if clinic is None:
        return
    plain = type(clinic)  # the plugin's own functions, never an earlier run's memo
    clinic.render_markdown = MarkdownMemo(plain.render_markdown, store, pelican.settings)
    clinic.parse_faq = FaqMemo(plain.parse_faq, store, pelican.settings)
    clinic.encode_renditions = RenditionsMemo(plain.encode_renditions, store)
    clinic.check_site = KeptChecks(plain.check_site, store)
    memo = clinic.render_markdown

    def prefetch(generator):
        """Once a run, when the articles' generator is made (after its readers)."""
        signals.article_generator_init.disconnect(prefetch)
        prefetch_markdown(generator, memo, clinic.parse_faq, clinic.faq_reading())

    # Held strongly: nothing else holds this function, which disconnects itself.
    signals.article_generator_init.connect(prefetch, weak=False)
