"""The shared enrichment core: NLP and ticker tagging behind small ports.

``build_default_enricher()`` is the production wiring; ``NlpEngine`` and ``Tagger`` are
the ports a spaCy engine or another linker implement.
"""

from newsflow_core.enrichment.enricher import Enricher, build_default_enricher
from newsflow_core.enrichment.lexicon_nlp import LexiconNlpEngine
from newsflow_core.enrichment.ports import NlpEngine, Tagger, article_text
from newsflow_core.enrichment.tagger import Evidence, TickerTagger
from newsflow_core.enrichment.universe import Company, TickerUniverse, load_universe

__all__ = [
    "Company",
    "Enricher",
    "Evidence",
    "LexiconNlpEngine",
    "NlpEngine",
    "Tagger",
    "TickerTagger",
    "TickerUniverse",
    "article_text",
    "build_default_enricher",
    "load_universe",
]
