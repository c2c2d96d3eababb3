"""Small helpers with no knowledge of documents: worker pools, connected
components, atomic writes of files and folders."""
