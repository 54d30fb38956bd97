"""The built-in Jinja2 templates of the committee paper (a package so that wheels ship them)."""
