"""The engine: listings, near-duplicates, version diffs, formulation families, timelines,
exports. Plain typed data in, plain typed data out; nothing here imports Textual or Rich."""
