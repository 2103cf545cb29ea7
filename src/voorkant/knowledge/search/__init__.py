"""The kennisbank's own search index: Dutch analysis, BM25 over fields, synonyms, typo tolerance, fusion."""
