"""Reading: files, pages and feeds become `Document`s (decode, extract, list the digest's inputs)."""
