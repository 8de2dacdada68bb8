"""What readers get after a build: the published copy, full-text search and the analyst report."""
