"""The front ends: the `tifa` command line and the Textual workbench. Both are thin over
`corpus` and `tracking`; the command line imports Textual only to open the workbench."""
