"""zhbrief's product side: read articles, compose dated briefs, render and deliver them, and the CLI."""
