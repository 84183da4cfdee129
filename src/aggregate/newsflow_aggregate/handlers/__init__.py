"""Lambda entry points of the bulk stage (SplitterFunction, ChunkWorkerFunction,
AggregatorFunction)."""
