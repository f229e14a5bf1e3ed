"""The notebook and report views: HTML rendering that depends on the domain, never the reverse."""
