"""Pure extractors: from the parsed page model to typed records."""

EXTRACTOR_VERSION = "0.2.0"
