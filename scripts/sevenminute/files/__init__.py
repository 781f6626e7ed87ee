"""Files: reading input and writing output safely, publishing site/, the cache folders and fingerprints."""
