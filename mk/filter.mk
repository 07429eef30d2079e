# filter area: sources, tests
