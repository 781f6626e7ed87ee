"""The `sevenminute` command line (click), a front end over the layers below."""
