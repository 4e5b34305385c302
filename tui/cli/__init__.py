"""The `tifa` command line: click commands thin over the engine. Never imports Textual."""
