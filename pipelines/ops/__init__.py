"""Running the pipeline unattended: build manifests, input accounting, folder watching, dead runs,
gold scores."""
