"""The enrich stage: the Nlp, TagEntities and Publish tasks of the enrichment state machine."""
