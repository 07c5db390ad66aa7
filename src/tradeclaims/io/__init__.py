"""Reading articles, writing results, splitting long texts, and batch processing."""
