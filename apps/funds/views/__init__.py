"""The funds pages, one module per part: usage and projects, loans and assets, imports."""
